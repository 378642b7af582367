package org.appointmentreminders.worker.pipeline;

import java.util.Optional;
import org.appointmentreminders.worker.queue.DeadLetterAttributes;
import org.appointmentreminders.worker.queue.InboundMessage;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A texted reminder comes back to the queue as a delivery check: a copy of its message, delayed, marked with the
 * number of the check. On it the worker looks at what the carrier said: undeliverable, it emails the reminder (when it
 * has an address and its deadline has not passed); no answer yet, it checks again later; delivered, it is done. The
 * message itself carries the reminder's content, so the ledger never has to.
 */
public final class DeliveryCheck {
    /** Ours (stripped by a redrive, never copied by a forward); its value is the check's number, from 1. */
    public static final String ATTRIBUTE = DeadLetterAttributes.PREFIX + "deliveryCheck";

    private DeliveryCheck() {
    }

    /** The check's number, when the message is one. */
    public static Optional<Integer> of(InboundMessage message) {
        MessageAttributeValue value = message.attributes().get(ATTRIBUTE);
        if (value == null || value.stringValue() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.max(1, Integer.parseInt(value.stringValue().trim())));
        } catch (NumberFormatException e) {
            return Optional.of(1);
        }
    }
}
