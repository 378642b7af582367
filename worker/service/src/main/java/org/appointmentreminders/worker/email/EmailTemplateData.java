package org.appointmentreminders.worker.email;

import java.util.LinkedHashMap;
import java.util.Map;
import org.appointmentreminders.worker.templates.DisplayFields;

/**
 * The SES template data for one reminder. SES does not escape values when it renders a template (Amazon SES developer
 * guide, "Advanced email personalization"), so every value is given twice: plain, for the subject and text parts, and
 * HTML-escaped under the same name plus {@code Html}, for the HTML part. A name like {@code <script>} then shows as
 * text in the email and runs nowhere.
 */
public final class EmailTemplateData {
    public static final String HTML_SUFFIX = "Html";

    private EmailTemplateData() {
    }

    public static Map<String, String> of(DisplayFields fields) {
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("givenName", fields.givenName());
        plain.put("clinicName", fields.clinicName());
        plain.put("date", fields.date());
        plain.put("time", fields.time());
        plain.put("location", fields.location());
        plain.put("clinicPhone", fields.clinicPhone());
        Map<String, String> data = new LinkedHashMap<>(plain);
        plain.forEach((name, value) -> data.put(name + HTML_SUFFIX, escapeHtml(value)));
        return data;
    }

    /** Escapes the five characters that can end a text node or an attribute value. */
    static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
