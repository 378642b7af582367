package org.appointmentreminders.localaws;

import java.util.List;

/**
 * What SNS and SES "sent", as the emulator recorded it: read back from the project's emulator front, or from
 * LocalStack's own API. Real AWS has nothing like it, so tests that take one are skipped there.
 */
public interface SentMessages {

    List<SentSms> sentSms();

    /** Emails as recorded; whether a templated one comes rendered depends on the emulator ({@link SentEmail}). */
    List<SentEmail> sentEmails();
}
