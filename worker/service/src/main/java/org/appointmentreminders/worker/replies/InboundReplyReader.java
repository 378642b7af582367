package org.appointmentreminders.worker.replies;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.appointmentreminders.worker.queue.SnsEnvelope;

/**
 * Reads a two-way SMS payload (originationNumber, destinationNumber, messageBody, inboundMessageId,
 * previousPublishedMessageId) from an SQS message body: raw, or wrapped in an SNS notification whose Timestamp then
 * says when it arrived. Refusals carry a code, never the content.
 */
public final class InboundReplyReader {
    static final int LARGEST_BODY = 16 * 1024;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public sealed interface Result {
        record Reply(InboundReply reply) implements Result {
        }

        record Unreadable(String code) implements Result {
        }
    }

    /** {@code queuedAt}: when SQS got the message, used when there is no SNS envelope. */
    public Result read(String body, Instant queuedAt) {
        if (body == null || body.length() > LARGEST_BODY) {
            return new Result.Unreadable("reply_too_large");
        }
        JsonNode payload;
        Instant at = queuedAt;
        try {
            SnsEnvelope.Opened opened = SnsEnvelope.open(body);
            payload = opened.published();
            at = opened.at().map(timestamp -> parseOr(timestamp, queuedAt)).orElse(queuedAt);
        } catch (IOException e) {
            return new Result.Unreadable("reply_not_json");
        }
        if (payload == null || !payload.isObject()) {
            return new Result.Unreadable("reply_not_an_object");
        }
        String from = payload.path("originationNumber").asText("");
        String inboundId = payload.path("inboundMessageId").asText("");
        JsonNode words = payload.path("messageBody");
        if (inboundId.isBlank() || !words.isTextual()) {
            return new Result.Unreadable("reply_missing_fields");
        }
        if (!E164.matcher(from).matches()) {
            return new Result.Unreadable("reply_from_not_e164");
        }
        String previous = payload.path("previousPublishedMessageId").asText("");
        return new Result.Reply(new InboundReply(inboundId, from, ReplyWords.intentOf(words.asText()),
                previous.isBlank() ? Optional.empty() : Optional.of(previous), at));
    }

    private static Instant parseOr(String text, Instant fallback) {
        try {
            return text.isEmpty() ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
