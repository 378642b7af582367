package org.appointmentreminders.worker.metrics;

import java.util.List;

/**
 * The worker's CloudWatch vocabulary. The Terraform alarms and dashboard use the same strings; a test parses the
 * HCL and holds it to these constants.
 */
public final class MetricNames {
    public static final String NAMESPACE = "AppointmentReminders";
    public static final String ENVIRONMENT_DIMENSION = "Environment";

    public static final String SMS_SENT = "SmsSent";
    public static final String EMAIL_SENT = "EmailSent";
    public static final String EXPIRED = "Expired";
    public static final String REJECTED = "Rejected";
    public static final String FAILED = "Failed";
    public static final String DUPLICATE = "Duplicate";
    /** Reminders not sent because their appointment was cancelled, or moved to another start. */
    public static final String CANCELLED = "Cancelled";
    public static final String STALE = "Stale";
    /** Reminders that ended without a text because of the frequency cap (no email address). */
    public static final String CAPPED = "Capped";
    /** Appointment changes applied, and those older than one already applied. */
    public static final String APPOINTMENT_CHANGES = "AppointmentChanges";
    public static final String APPOINTMENT_CHANGES_SUPERSEDED = "AppointmentChangesSuperseded";

    /** Carrier receipts that changed what the ledger knows: delivered texts, and texts that could not be. */
    public static final String DELIVERED = "Delivered";
    public static final String UNDELIVERABLE = "Undeliverable";
    /** Receipts that told nothing new (late, twice, out of order) or were not about a reminder. */
    public static final String RECEIPTS_IGNORED = "ReceiptsIgnored";
    /** Replies by what they asked; unmatched: no reminder found for them. */
    public static final String REPLIES_CONFIRMED = "RepliesConfirmed";
    public static final String REPLIES_RESCHEDULE = "RepliesReschedule";
    public static final String REPLIES_OPTED_OUT = "RepliesOptedOut";
    public static final String REPLIES_OTHER = "RepliesOther";
    public static final String REPLIES_UNMATCHED = "RepliesUnmatched";
    /** Events published to the EHR topic, and publishes that failed (retried). */
    public static final String EHR_EVENTS = "EhrEvents";
    public static final String EHR_EVENT_FAILURES = "EhrEventFailures";

    /** Every SMS send call made (SNS Publish or End User Messaging SendTextMessage). */
    public static final String SMS_ATTEMPTS = "SmsAttempts";
    /** Publish calls that failed, transient or permanent: with SMS_SENT, the failure rate. */
    public static final String SMS_FAILURES = "SmsFailures";
    /** Transient failures sent back to the queue with a backoff. */
    public static final String SMS_RETRIES = "SmsRetries";
    /** SES calls that failed. */
    public static final String EMAIL_FAILURES = "EmailFailures";
    /** Milliseconds from enqueue (SQS SentTimestamp) to the final outcome. */
    public static final String END_TO_END_LATENCY = "EndToEndLatency";
    /** 1 per worker per flush interval: missing data means no worker is alive. */
    public static final String HEARTBEAT = "Heartbeat";

    private MetricNames() {
    }

    public static List<String> all() {
        return List.of(SMS_SENT, EMAIL_SENT, EXPIRED, REJECTED, FAILED, DUPLICATE, CANCELLED, STALE, CAPPED,
                APPOINTMENT_CHANGES, APPOINTMENT_CHANGES_SUPERSEDED, DELIVERED, UNDELIVERABLE, RECEIPTS_IGNORED,
                REPLIES_CONFIRMED, REPLIES_RESCHEDULE, REPLIES_OPTED_OUT, REPLIES_OTHER, REPLIES_UNMATCHED, EHR_EVENTS,
                EHR_EVENT_FAILURES, SMS_ATTEMPTS, SMS_FAILURES, SMS_RETRIES,
                EMAIL_FAILURES, END_TO_END_LATENCY, HEARTBEAT);
    }
}
