package org.appointmentreminders.worker.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import org.appointmentreminders.worker.config.Bounds.Between;
import org.appointmentreminders.worker.config.Bounds.DecimalBetween;
import org.appointmentreminders.worker.config.Bounds.DurationBetween;
import org.appointmentreminders.worker.config.Bounds.HttpUrl;
import org.appointmentreminders.worker.config.Bounds.Required;
import org.appointmentreminders.worker.config.Bounds.ShownMasked;
import org.appointmentreminders.worker.config.Bounds.SimpleName;
import org.appointmentreminders.worker.sqs.SqsLimits;

/**
 * The worker's whole configuration, bound from {@code reminders.*} by {@link ConfigLoader}: each component reads the
 * key of its name ({@code messageBudget} is {@code message-budget}), and its annotation says what it accepts.
 * Classes are given the section they need, not this whole record. Defaults and why: config/application.conf.
 */
public record WorkerConfig(
        @SimpleName String environment,
        Aws aws,
        Queue queue,
        Processing processing,
        Retry retry,
        Sms sms,
        Email email,
        Ledger ledger,
        Metrics metrics,
        SendWindow sendWindow,
        FrequencyCap frequencyCap,
        DeliveryReceipts deliveryReceipts,
        Replies replies,
        EhrEvents ehrEvents,
        Shutdown shutdown,
        Health health) {

    /** The name under which the environment's name is bound, for the few that need it (metrics, logs). */
    public static final String ENVIRONMENT = "reminders.environment";

    public record Aws(
            String region,
            Endpoints endpoints,
            @DurationBetween(min = "100ms", max = "5m") Duration callTimeout,
            @DurationBetween(min = "100ms", max = "5m") Duration attemptTimeout) {
    }

    /** Per-service endpoint overrides; empty means the AWS endpoint of the region. */
    public record Endpoints(
            Optional<URI> sqs,
            Optional<URI> sns,
            Optional<URI> ses,
            Optional<URI> dynamodb,
            Optional<URI> cloudwatch,
            Optional<URI> pinpointSmsVoiceV2) {
    }

    public record Queue(
            @Required @HttpUrl String url,
            @Required @HttpUrl String deadLetterUrl,
            @Between(min = 1, max = 64) int pollers,
            @DurationBetween(min = "0s", max = "20s") Duration waitTime) {
    }

    public record Processing(
            @Between(min = 1, max = 100_000) int maxInFlight,
            @DurationBetween(min = "1s", max = "1h") Duration messageBudget) {

        /**
         * The longest a message waits for its turn to be texted; beyond it, the turn would eat the message's budget.
         * The worker holds no more messages than the SMS rate lets start within this wait.
         */
        public Duration longestWaitForSendSlot() {
            return messageBudget.dividedBy(2);
        }
    }

    public record Retry(
            @DurationBetween(min = "0s", max = SqsLimits.LONGEST_VISIBILITY_TEXT) Duration minDelay,
            @DurationBetween(min = "1s", max = SqsLimits.LONGEST_VISIBILITY_TEXT) Duration baseDelay,
            @DurationBetween(min = "1s", max = SqsLimits.LONGEST_VISIBILITY_TEXT) Duration maxDelay) {
    }

    /** How texts go out: SNS {@code Publish}, or End User Messaging SMS {@code SendTextMessage}. */
    public enum SmsChannelKind {
        /** SNS Publish: no delivery receipts; replies are matched by phone only. */
        SNS,
        /** End User Messaging SMS with a configuration set: delivery receipts, and replies matched to their text. */
        END_USER_MESSAGING
    }

    public record Sms(
            SmsChannelKind channel,
            Optional<String> configurationSet,
            @ShownMasked Optional<String> originationIdentity,
            @DecimalBetween(min = "0.01", max = "100000") double ratePerSecond,
            @ShownMasked Optional<String> originationNumber,
            Optional<String> senderId,
            @DecimalBetween(min = "0.001", max = "100") BigDecimal maxPriceUsd,
            @DurationBetween(min = "1s", max = "1d") Duration optOutRefresh,
            @DurationBetween(min = "1s", max = "1m") Duration fleetHeartbeat) {
    }

    public record Email(@Required @ShownMasked String sender, @Required String templatePrefix) {
    }

    public record Ledger(
            @Required String table,
            @DurationBetween(min = "1s", max = "12h") Duration lease,
            @DurationBetween(min = "1d", max = "3650d") Duration retention) {
    }

    public record Metrics(@DurationBetween(min = "1s", max = "1h") Duration interval) {
    }

    /**
     * When texts may go out, in the appointment's time zone: from {@code opens} to {@code closes}. Clinics with windows
     * of their own are listed as {@code clinicId=HH:MM-HH:MM}, comma-separated. A reminder outside its window waits
     * for it in steps of at most {@code longestWait} (SQS delays a message 15 minutes at most).
     */
    public record SendWindow(
            LocalTime opens,
            LocalTime closes,
            String clinics,
            @DurationBetween(min = "1s", max = "15m") Duration longestWait) {

        /** The hours of a day when texts may go out: from {@code opens} (included) to {@code closes} (excluded). */
        public record Hours(LocalTime opens, LocalTime closes) {
            public Hours {
                if (!opens.isBefore(closes)) {
                    throw new IllegalArgumentException("opens at " + opens + ", not before it closes at " + closes);
                }
            }
        }

        public Hours hours() {
            return new Hours(opens, closes);
        }

        /** The clinics' own hours by clinicId; refuses a malformed list with what is wrong. */
        public java.util.Map<String, Hours> clinicHours() {
            java.util.Map<String, Hours> byClinic = new java.util.LinkedHashMap<>();
            for (String entry : clinics.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.trim().split("=", 2);
                String[] times = parts.length == 2 ? parts[1].trim().split("-", 2) : new String[0];
                if (parts[0].isBlank() || times.length != 2) {
                    throw new IllegalArgumentException("'" + entry.trim() + "' is not clinicId=HH:MM-HH:MM");
                }
                try {
                    byClinic.put(parts[0].trim(), new Hours(LocalTime.parse(times[0].trim()),
                            LocalTime.parse(times[1].trim())));
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + entry.trim() + "' is not clinicId=HH:MM-HH:MM");
                }
            }
            return byClinic;
        }
    }

    /** Texts per patient phone: at most {@code perDay} per local day and {@code perWeek} per rolling 7 days; 0: none. */
    public record FrequencyCap(
            @Between(min = 0, max = 100) int perDay,
            @Between(min = 0, max = 100) int perWeek) {
    }

    /**
     * The queue the configuration set's events reach (through its SNS topic), with its dead-letter queue; empty: receipts
     * are not read. A reminder with an email address is looked at again {@code checkAfter} after its text (then twice
     * as long each time, 15 minutes at most, {@code checks} times), and emailed if the carrier could not deliver it.
     */
    public record DeliveryReceipts(
            @HttpUrl String queueUrl,
            @HttpUrl String deadLetterUrl,
            @DurationBetween(min = "1s", max = "15m") Duration checkAfter,
            @Between(min = 0, max = 50) int checks) {

        public boolean enabled() {
            return !queueUrl.isEmpty();
        }
    }

    /**
     * The queue the phone number's inbound texts reach (two-way SMS, through its SNS topic), with its dead-letter queue;
     * empty: replies are not read, and the text does not invite them. A reply that is no known word is answered once
     * per reminder with the language's short help when {@code answerUnknown}.
     */
    public record Replies(
            @HttpUrl String queueUrl,
            @HttpUrl String deadLetterUrl,
            boolean answerUnknown) {

        public boolean enabled() {
            return !queueUrl.isEmpty();
        }
    }

    /** The SNS topic the EHR integration subscribes to for reminder events; empty: none are published. */
    public record EhrEvents(Optional<String> topicArn) {
    }

    public record Shutdown(@DurationBetween(min = "0s", max = "10m") Duration grace) {
    }

    public record Health(@Between(min = 0, max = 65535) int port) {
    }
}
