package org.appointmentreminders.worker.receipts;

import static net.logstash.logback.argument.StructuredArguments.kv;

import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.contracts.events.ReminderEventType;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.ehr.ReminderEventPublisher;
import org.appointmentreminders.worker.ehr.ReminderFacts;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.MessageHandler;
import org.appointmentreminders.worker.queue.SideQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each carrier receipt: read it, record it on its reminder (the ledger keeps whichever receipt knows most), tell the
 * EHR when the text's fate changed (delivered, or undeliverable), and delete it. A receipt that arrives before its
 * text is recorded waits and comes back; one that cannot be read goes to the receipts' dead-letter queue. Emailing a
 * reminder whose text did not arrive is the delivery check's job ({@code DeliveryCheck}): the receipt does not carry
 * what the email needs, and the ledger does not keep it.
 */
@Singleton
public final class ReceiptHandler implements MessageHandler {
    public static final String QUEUE = "receipts";
    private static final Logger log = LoggerFactory.getLogger("reminders.receipt");

    private final ReceiptReader reader = new ReceiptReader();
    private final DeliveryRecords records;
    private final ReminderEventPublisher events;
    private final SideQueue queue;
    private final Metrics metrics;

    @Inject
    public ReceiptHandler(DeliveryRecords records, ReminderEventPublisher events, @Named(QUEUE) SideQueue queue,
                          Metrics metrics) {
        this.records = records;
        this.events = events;
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Void> handle(InboundMessage message) {
        ReceiptReader.Result read = reader.read(message.body());
        if (read instanceof ReceiptReader.Result.Unreadable unreadable) {
            log.warn("Receipt unreadable, sent to the dead-letter queue", kv("sqsMessageId", message.messageId()),
                    kv("detail", unreadable.code()));
            return queue.deadLetter(message, unreadable.code());
        }
        if (read instanceof ReceiptReader.Result.NotOurs notOurs) {
            return ignored(message, null, notOurs.why());
        }
        DeliveryReceipt receipt = ((ReceiptReader.Result.Receipt) read).receipt();
        if (!receipt.forReminder()) {
            return ignored(message, receipt.reminderId(), "not_a_reminder_text");
        }
        return records.record(receipt, tell(receipt)).handle((result, failure) -> {
            if (failure != null) {
                log.warn("Receipt not recorded, tried again later", kv("reminderId", receipt.reminderId()),
                        kv("detail", AwsErrors.code(failure)));
                queue.later(message);
                return CompletableFuture.<Void>completedFuture(null);
            }
            return settle(message, receipt, result);
        }).thenCompose(done -> done);
    }

    private CompletableFuture<Void> settle(InboundMessage message, DeliveryReceipt receipt,
                                           DeliveryRecords.Result result) {
        if (result instanceof DeliveryRecords.Result.NotYetRecorded) {
            report(message, receipt, "not_yet_recorded");
            queue.shortly(message);
            return CompletableFuture.completedFuture(null);
        }
        if (result instanceof DeliveryRecords.Result.Unknown) {
            return ignored(message, receipt.reminderId(), "no_such_text");
        }
        ReminderFacts facts;
        if (result instanceof DeliveryRecords.Result.Changed changed) {
            facts = changed.facts();
            switch (receipt.state()) {
                case DELIVERED -> metrics.count(MetricNames.DELIVERED);
                case UNDELIVERABLE -> metrics.count(MetricNames.UNDELIVERABLE);
                case PENDING -> { }
            }
            report(message, receipt, "recorded");
        } else {
            facts = ((DeliveryRecords.Result.Unchanged) result).facts();
            metrics.count(MetricNames.RECEIPTS_IGNORED);
            report(message, receipt, "known_already");
        }
        // Events written with this receipt, or left by an earlier pass. The receipt is recorded, so it goes either
        // way: events SNS refuses now are retried from the ledger, not by the receipt's coming back (which would
        // count toward its queue's redrive, and a receipt in the dead-letter queue would leave them unpublished).
        return events.publishOrRetry(facts).thenRun(() -> queue.done(message));
    }

    /** The event a receipt tells the EHR, written only if it changes the text's fate. */
    private Optional<PendingEvent> tell(DeliveryReceipt receipt) {
        ReminderEventType type = switch (receipt.state()) {
            case DELIVERED -> ReminderEventType.DELIVERED;
            case UNDELIVERABLE -> ReminderEventType.UNDELIVERABLE;
            case PENDING -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        Optional<String> reason = type == ReminderEventType.UNDELIVERABLE
                ? Optional.of(receipt.eventType().replaceFirst("^TEXT_", "")) : Optional.empty();
        return events.pending(new PendingEvent(type.wireName(), receipt.at(), Optional.of("sms"), reason,
                receipt.smsMessageId()));
    }

    private CompletableFuture<Void> ignored(InboundMessage message, String reminderId, String why) {
        metrics.count(MetricNames.RECEIPTS_IGNORED);
        log.info("receipt ignored", kv("reminderId", reminderId), kv("sqsMessageId", message.messageId()),
                kv("detail", why));
        queue.done(message);
        return CompletableFuture.completedFuture(null);
    }

    private static void report(InboundMessage message, DeliveryReceipt receipt, String outcome) {
        log.info("receipt {}", outcome, kv("reminderId", receipt.reminderId()),
                kv("sqsMessageId", message.messageId()), kv("event", receipt.eventType()),
                kv("final", receipt.isFinal()), kv("delivery", receipt.state().name()), kv("outcome", outcome));
    }
}
