package org.appointmentreminders.worker.templates;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One language's SMS text and the date and time formats of its SMS and email. */
public record LanguageTemplate(
        Locale locale,
        String smsMessage,
        String smsLocationPart,
        String smsCallbackPart,
        String smsRepliesPart,
        String replyHelp,
        DateTimeFormatter smsDate,
        DateTimeFormatter smsTime,
        DateTimeFormatter emailDate,
        DateTimeFormatter emailTime) {
}
