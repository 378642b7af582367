package org.appointmentreminders.worker.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.appointmentreminders.worker.delivery.TextContext;
import org.appointmentreminders.worker.queue.SnsEnvelope;

/**
 * Reads an End User Messaging SMS event from an SQS message body: the event itself (raw message delivery on the SNS
 * subscription, as Terraform sets it) or wrapped in an SNS notification. A body that is neither is refused with a
 * code, never its content.
 */
public final class ReceiptReader {
    /** Events larger than this are not SMS events (one is about 700 bytes). */
    static final int LARGEST_BODY = 16 * 1024;

    /** The receipt, or why not. */
    public sealed interface Result {
        record Receipt(DeliveryReceipt receipt) implements Result {
        }

        /** Not a receipt of ours: an event without our reminderId (a text sent by something else), or not a text. */
        record NotOurs(String why) implements Result {
        }

        record Unreadable(String code) implements Result {
        }
    }

    public Result read(String body) {
        if (body == null || body.length() > LARGEST_BODY) {
            return new Result.Unreadable("receipt_too_large");
        }
        JsonNode event;
        try {
            event = SnsEnvelope.open(body).published();
        } catch (IOException e) {
            return new Result.Unreadable("receipt_not_json");
        }
        if (event == null || !event.isObject()) {
            return new Result.Unreadable("receipt_not_an_object");
        }
        String eventType = event.path("eventType").asText("");
        String messageId = event.path("messageId").asText("");
        JsonNode timestamp = event.path("eventTimestamp");
        if (eventType.isEmpty() || messageId.isEmpty() || !timestamp.canConvertToLong()) {
            return new Result.Unreadable("receipt_missing_fields");
        }
        if (!eventType.startsWith("TEXT_")) {
            return new Result.NotOurs("not_a_text_event");
        }
        Optional<String> reminderId = text(event.path("context").path(TextContext.REMINDER_ID));
        if (reminderId.isEmpty()) {
            return new Result.NotOurs("no_reminder_in_context");
        }
        String purpose = text(event.path("context").path(TextContext.PURPOSE))
                .orElse(TextContext.Purpose.REMINDER.wireName());
        return new Result.Receipt(new DeliveryReceipt(reminderId.get(), messageId, eventType,
                event.path("isFinal").asBoolean(false), Instant.ofEpochMilli(timestamp.asLong()),
                TextContext.Purpose.REMINDER.wireName().equals(purpose)));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
