package org.appointmentreminders.worker.replies;

import java.time.Instant;
import java.util.Optional;

/**
 * A patient's text to the origination number, as the worker uses it. The words are read for their intent and then
 * dropped: only the intent reaches the ledger, the EHR or a log.
 *
 * @param inboundMessageId the carrier's id of the reply: applying it twice records it once
 * @param previousPublishedMessageId the id of the text it answers, when the carrier knows it
 * @param at when it arrived (the SNS notification's time, else the SQS message's)
 */
public record InboundReply(String inboundMessageId, String fromPhone, ReplyIntent intent,
                           Optional<String> previousPublishedMessageId, Instant at) {
}
