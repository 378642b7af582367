package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A text a patient sends to an origination number, for {@link EmulatorFront#replyAsPatient}: AWS hands it to the
 * number's two-way channel (an SNS topic) as the documented two-way payload.
 *
 * @param from the patient's phone, E.164
 * @param to the origination number (E.164, id or ARN); null: the number that last texted {@code from}
 * @param previousPublishedMessageId "latest" (the default: the last text from {@code to} to {@code from}, left out
 *     when there is none), "none" (left out), or a message id to put there as it is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientReply(String from, String to, String body, String previousPublishedMessageId) {

    public static final String LATEST = "latest";
    public static final String NONE = "none";

    /** A reply from {@code phone} saying {@code body}, to the number that last texted it, linked to that text. */
    public static PatientReply from(String phone, String body) {
        return new PatientReply(phone, null, body, LATEST);
    }

    public PatientReply to(String originationNumber) {
        return new PatientReply(from, originationNumber, body, previousPublishedMessageId);
    }

    /** Linked to this text rather than the latest. */
    public PatientReply answering(String messageId) {
        return new PatientReply(from, to, body, messageId);
    }

    /** With no previousPublishedMessageId, as when the carrier cannot tell which text it answers. */
    public PatientReply unlinked() {
        return new PatientReply(from, to, body, NONE);
    }
}
