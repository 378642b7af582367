package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.UnaryOperator;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.templates.DisplayFields;
import org.appointmentreminders.worker.templates.LanguageTemplate;
import org.appointmentreminders.worker.templates.ReminderTemplates;

/**
 * Renders the reminder SMS from the patient's language template, within two segments: when the full text is too
 * long, it drops the location, spells the names without accents GSM-7 lacks (one such accent makes the whole text
 * UCS-2, which holds less than half as much), shortens the clinic and first names, drops the callback number, and at
 * last drops from the names what GSM-7 cannot show at all, in that order. The invitation to reply is never dropped.
 */
@Singleton
public final class SmsRenderer {
    static final int MAX_SEGMENTS = 2;

    /** Each step applies on top of the previous ones; the last one fits every template (a test proves it). */
    private static final List<UnaryOperator<DisplayFields>> SHORTENINGS = List.of(
            DisplayFields::withoutLocation,
            fields -> fields.withClinicName(withoutAccents(fields.clinicName()))
                    .withGivenName(withoutAccents(fields.givenName())),
            fields -> fields.withClinicName(cut(fields.clinicName(), 40)).withGivenName(cut(fields.givenName(), 20)),
            DisplayFields::withoutClinicPhone,
            fields -> fields.withClinicName(cut(fields.clinicName(), 20)).withGivenName(cut(fields.givenName(), 12)),
            fields -> fields.withClinicName(SmsSegments.towardsGsm7(fields.clinicName(), true))
                    .withGivenName(SmsSegments.towardsGsm7(fields.givenName(), true)));

    private final ReminderTemplates templates;
    private final boolean invitesReplies;

    @Inject
    public SmsRenderer(ReminderTemplates templates, WorkerConfig.Replies replies) {
        this.templates = templates;
        this.invitesReplies = replies.enabled();
    }

    public String render(ReminderMessage message) {
        LanguageTemplate template = templates.forLanguage(message.patient().language());
        DisplayFields fields = DisplayFields.of(message, template.smsDate(), template.smsTime());
        String text = fill(template, fields, invitesReplies);
        for (UnaryOperator<DisplayFields> shorten : SHORTENINGS) {
            if (SmsSegments.count(text) <= MAX_SEGMENTS) {
                return text;
            }
            fields = shorten.apply(fields);
            text = fill(template, fields, invitesReplies);
        }
        return text;
    }

    /** The name in GSM-7 when only accents keep it out; a name in another script is left as it is. */
    private static String withoutAccents(String name) {
        String bare = SmsSegments.towardsGsm7(name, false);
        return SmsSegments.isGsm7(bare) ? bare : name;
    }

    /** The short help that answers a reply the worker does not understand, in the patient's language. */
    public String replyHelp(Language language) {
        return templates.forLanguage(language).replyHelp();
    }

    private static String fill(LanguageTemplate template, DisplayFields fields, boolean invitesReplies) {
        String location = fields.location().isEmpty() ? "" : template.smsLocationPart();
        String callback = fields.clinicPhone().isEmpty() ? "" : template.smsCallbackPart();
        String replies = invitesReplies ? template.smsRepliesPart() : "";
        // Parts first, then values: a value containing "{...}" is never taken for a placeholder.
        String text = template.smsMessage().replace("{location}", location).replace("{callback}", callback)
                .replace("{replies}", replies);
        if (fields.givenName().isEmpty()) {
            // "Hi," rather than "Hi ,": a name GSM-7 could not show at all was dropped.
            text = text.replace(" {givenName}", "");
        }
        return substitute(text, fields);
    }

    private static String substitute(String text, DisplayFields fields) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = open < 0 ? -1 : text.indexOf('}', open);
            if (open < 0 || close < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, open);
            out.append(switch (text.substring(open + 1, close)) {
                case "givenName" -> fields.givenName();
                case "clinicName" -> fields.clinicName();
                case "date" -> fields.date();
                case "time" -> fields.time();
                case "location" -> fields.location();
                case "clinicPhone" -> fields.clinicPhone();
                default -> throw new IllegalStateException("unknown SMS placeholder " + text.substring(open, close + 1));
            });
            i = close + 1;
        }
        return out.toString();
    }

    /** Keeps whole code points and at most {@code maxUnits} UTF-16 units, so an emoji is never split. */
    static String cut(String value, int maxUnits) {
        if (value.length() <= maxUnits) {
            return value;
        }
        int end = 0;
        while (end < value.length()) {
            int next = end + Character.charCount(value.codePointAt(end));
            if (next > maxUnits) {
                break;
            }
            end = next;
        }
        return value.substring(0, end).strip();
    }
}
