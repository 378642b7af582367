package org.appointmentreminders.worker.replies;

import static net.logstash.logback.argument.StructuredArguments.kv;

import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.appointmentreminders.worker.delivery.TextContext;
import org.appointmentreminders.contracts.events.ReminderEventType;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.delivery.SendResult;
import org.appointmentreminders.worker.ehr.ReminderEventPublisher;
import org.appointmentreminders.worker.events.PendingEvent;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.metrics.Metrics;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.MessageHandler;
import org.appointmentreminders.worker.queue.SideQueue;
import org.appointmentreminders.worker.sms.OutgoingText;
import org.appointmentreminders.worker.sms.SmsRenderer;
import org.appointmentreminders.worker.sms.TextSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each reply from a patient: read its intent, find the reminder it answers, record the intent there, tell the EHR
 * (confirmed, reschedule requested, opted out), and answer an unknown reply once per reminder with the language's
 * short help. STOP and HELP are the carrier's to act on; they are recorded, never answered here. A reply that matches
 * no reminder is counted and dropped; one that cannot be read goes to the replies' dead-letter queue.
 */
@Singleton
public final class ReplyHandler implements MessageHandler {
    public static final String QUEUE = "replies";
    private static final Logger log = LoggerFactory.getLogger("reminders.reply");
    /** An answer the carrier could not deliver within this long is not worth delivering. */
    private static final Duration ANSWER_TTL = Duration.ofHours(1);

    private final InboundReplyReader reader = new InboundReplyReader();
    private final ReplyRecords records;
    private final ReminderEventPublisher events;
    private final TextSender sms;
    private final SmsRenderer renderer;
    private final SideQueue queue;
    private final Metrics metrics;
    private final Clock clock;
    private final boolean answerUnknown;

    @Inject
    public ReplyHandler(ReplyRecords records, ReminderEventPublisher events, TextSender sms, SmsRenderer renderer,
                        @Named(QUEUE) SideQueue queue, Metrics metrics, Clock clock, WorkerConfig.Replies replies) {
        this.records = records;
        this.events = events;
        this.sms = sms;
        this.renderer = renderer;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
        this.answerUnknown = replies.answerUnknown();
    }

    @Override
    public CompletableFuture<Void> handle(InboundMessage message) {
        InboundReplyReader.Result read = reader.read(message.body(), message.sentAt());
        if (read instanceof InboundReplyReader.Result.Unreadable unreadable) {
            log.warn("Reply unreadable, sent to the dead-letter queue", kv("sqsMessageId", message.messageId()),
                    kv("detail", unreadable.code()));
            return queue.deadLetter(message, unreadable.code());
        }
        InboundReply reply = ((InboundReplyReader.Result.Reply) read).reply();
        return records.findReminder(reply)
                .thenCompose(found -> found.isEmpty() ? unmatched(message, reply)
                        : record(message, reply, found.get()))
                .exceptionally(failure -> {
                    log.warn("Reply not recorded, tried again later", kv("sqsMessageId", message.messageId()),
                            kv("detail", AwsErrors.code(failure)));
                    queue.later(message);
                    return null;
                });
    }

    private CompletableFuture<Void> unmatched(InboundMessage message, InboundReply reply) {
        metrics.count(MetricNames.REPLIES_UNMATCHED);
        log.info("reply unmatched", kv("sqsMessageId", message.messageId()), kv("intent", reply.intent().name()),
                kv("linked", reply.previousPublishedMessageId().isPresent()));
        queue.done(message);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> record(InboundMessage message, InboundReply reply, String reminderId) {
        return records.record(reminderId, reply, tell(reply)).thenCompose(recorded -> {
            if (recorded.first()) {
                metrics.count(metricFor(reply.intent()));
            }
            log.info("reply {}", recorded.first() ? "recorded" : "known_already", kv("reminderId", reminderId),
                    kv("sqsMessageId", message.messageId()), kv("intent", reply.intent().name()),
                    kv("linked", reply.previousPublishedMessageId().isPresent()));
            CompletableFuture<Void> answered = recorded.first() && reply.intent() == ReplyIntent.UNKNOWN
                    && answerUnknown ? answerOnce(reply, reminderId, recorded.language())
                    : CompletableFuture.completedFuture(null);
            return answered.thenCompose(done -> events.publish(recorded.facts()));
        }).thenRun(() -> queue.done(message));
    }

    /**
     * At most once per reminder: the answer is noted before it is sent, so two unknown replies at once get one
     * answer, and an answer that fails is not tried again.
     */
    private CompletableFuture<Void> answerOnce(InboundReply reply, String reminderId,
                                               org.appointmentreminders.contracts.Language language) {
        return records.answerOnce(reminderId).thenCompose(first -> {
            if (!first) {
                return CompletableFuture.completedFuture(null);
            }
            OutgoingText answer = new OutgoingText(reply.fromPhone(), renderer.replyHelp(language), reminderId,
                    clock.instant().plus(ANSWER_TTL), TextContext.Purpose.REPLY_ANSWER);
            return sms.send(answer).thenAccept(result -> log.info("reply answered",
                    kv("reminderId", reminderId), kv("detail", result instanceof SendResult.Sent ? "sent"
                            : result.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))));
        });
    }

    private Optional<PendingEvent> tell(InboundReply reply) {
        ReminderEventType type = switch (reply.intent()) {
            case CONFIRMED -> ReminderEventType.CONFIRMED;
            case RESCHEDULE_REQUESTED -> ReminderEventType.RESCHEDULE_REQUESTED;
            case OPTED_OUT -> ReminderEventType.OPTED_OUT;
            case HELP, UNKNOWN -> null;
        };
        return type == null ? Optional.empty() : events.pending(new PendingEvent(type.wireName(), reply.at(),
                Optional.of("sms"), Optional.empty(), reply.inboundMessageId()));
    }

    private static String metricFor(ReplyIntent intent) {
        return switch (intent) {
            case CONFIRMED -> MetricNames.REPLIES_CONFIRMED;
            case RESCHEDULE_REQUESTED -> MetricNames.REPLIES_RESCHEDULE;
            case OPTED_OUT -> MetricNames.REPLIES_OPTED_OUT;
            case HELP, UNKNOWN -> MetricNames.REPLIES_OTHER;
        };
    }
}
