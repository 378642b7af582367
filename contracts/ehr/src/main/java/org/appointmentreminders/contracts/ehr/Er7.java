package org.appointmentreminders.contracts.ehr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The ER7 text around HL7 v2 messages: files of many messages, MLLP framing, line ends of any kind. */
final class Er7 {

    // MLLP wraps each message in a vertical tab (0x0b) and a file separator (0x1c) plus carriage return.
    private static final char MLLP_START = '\u000b';
    private static final char MLLP_END = '\u001c';
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    private Er7() {
    }

    /**
     * The messages of a text, each starting at an MSH segment. Batch and file envelopes (FHS, BHS, BTS, FTS) and
     * blank lines are dropped; anything before the first MSH is kept as a message of its own, so that it is
     * reported rather than lost.
     */
    static List<String> split(String text) {
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String line : LINE_END.split(strip(text), -1)) {
            String segment = line.strip();
            if (segment.isEmpty() || isEnvelope(segment)) {
                continue;
            }
            if (segment.startsWith("MSH") || current == null) {
                if (current != null) {
                    messages.add(current.toString());
                }
                current = new StringBuilder();
            }
            current.append(segment).append('\r');
        }
        if (current != null) {
            messages.add(current.toString());
        }
        return messages;
    }

    /** One message with carriage returns between segments, as the HL7 parser wants it. */
    static String normalize(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : LINE_END.split(strip(message), -1)) {
            if (!line.isBlank()) {
                out.append(line.strip()).append('\r');
            }
        }
        return out.toString();
    }

    /** MSH-10, when it is an id that may be shown; read without the HL7 parser, so even an unreadable message has it. */
    static String controlId(String message) {
        if (!message.startsWith("MSH") || message.length() < 4) {
            return null;
        }
        String separator = Pattern.quote(String.valueOf(message.charAt(3)));
        String msh = message.split("\r", 2)[0];
        String[] fields = msh.split(separator, -1);
        // MSH-1 is the separator itself, so MSH-n is field n - 1 of the split.
        if (fields.length < 10) {
            return null;
        }
        String id = fields[9].strip();
        return ID.matcher(id).matches() ? id : null;
    }

    private static String strip(String text) {
        String stripped = text.replace(String.valueOf(MLLP_START), "").replace(MLLP_END, '\n');
        return stripped.startsWith("\uFEFF") ? stripped.substring(1) : stripped;
    }

    private static boolean isEnvelope(String segment) {
        return segment.startsWith("FHS") || segment.startsWith("BHS") || segment.startsWith("BTS")
                || segment.startsWith("FTS");
    }
}
