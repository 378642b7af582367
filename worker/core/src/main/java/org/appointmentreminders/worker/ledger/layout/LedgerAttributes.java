package org.appointmentreminders.worker.ledger.layout;

/**
 * Attribute and index names of the ledger item. The table's keys and indexes are created by Terraform (and by the
 * local provisioning); tests hold both to these names. No attribute holds message text, a name, an email address or
 * a full phone number.
 */
public final class LedgerAttributes {
    public static final String REMINDER_ID = "reminderId";
    public static final String STATUS = "status";
    public static final String CLAIM_TOKEN = "claimToken";
    public static final String LEASE_UNTIL = "leaseUntil";
    public static final String ATTEMPTS = "attempts";
    public static final String SMS_ATTEMPTS = "smsAttempts";
    public static final String CHANNEL = "channel";
    public static final String SMS_MESSAGE_ID = "smsMessageId";
    public static final String EMAIL_MESSAGE_ID = "emailMessageId";
    public static final String SMS_PERMANENT_FAILURE = "smsPermanentFailure";
    public static final String ERROR_CODE = "errorCode";
    public static final String MASKED_PHONE = "maskedPhone";
    public static final String PATIENT_ID = "patientId";
    public static final String APPOINTMENT_ID = "appointmentId";
    public static final String SQS_MESSAGE_ID = "sqsMessageId";
    /** The reminder's appointment.clinicId, when it has one; and its language, for answers to replies. */
    public static final String CLINIC_ID = "clinicId";
    public static final String LANGUAGE = "language";
    /**
     * Where the reminder counts in reports: {@link #CLINIC_KEY} is its clinicId, else "name:" and its clinic's name;
     * {@link #REPORT_DAY} the date (in the appointment's time zone) it was first handled, yyyy-MM-dd.
     */
    public static final String CLINIC_KEY = "clinicKey";
    public static final String REPORT_DAY = "reportDay";
    /** {@link PhoneHash} of the patient's phone: how a reply without a link to its text finds the latest reminder. */
    public static final String PHONE_HASH = "phoneHash";
    /** When the text was accepted for sending (epoch ms); with {@link #PHONE_HASH}, the key of the phone index. */
    public static final String SMS_SENT_AT = "smsSentAt";

    /**
     * What the carrier said of the text (End User Messaging events): {@link #DELIVERY} is DELIVERED, UNDELIVERABLE or
     * PENDING; {@link #DELIVERY_EVENT} the event type (TEXT_CARRIER_UNREACHABLE, ...); {@link #DELIVERY_AT} the
     * carrier's time; {@link #DELIVERY_RANK} orders receipts, a final one above any that is not, then by time.
     */
    public static final String DELIVERY = "delivery";
    public static final String DELIVERY_EVENT = "deliveryEvent";
    public static final String DELIVERY_AT = "deliveryAt";
    public static final String DELIVERY_RANK = "deliveryRank";

    /**
     * The patient's latest reply ({@link #REPLY}: CONFIRMED, RESCHEDULE_REQUESTED, OPTED_OUT, HELP or UNKNOWN, never
     * its words) and when it came; the inbound ids of all replies applied; when an unknown reply was answered.
     */
    public static final String REPLY = "reply";
    public static final String REPLY_AT = "replyAt";
    public static final String REPLY_IDS = "replyIds";
    public static final String REPLY_ANSWERED_AT = "replyAnsweredAt";

    /** Events for the EHR written with the fact they tell and not yet published: {@code PendingEvent}s (events package), encoded. */
    public static final String EHR_PENDING = "ehrPending";
    /** Until when one pass holds the pending events to publish them, so that two passes never publish one twice. */
    public static final String EHR_LEASE_UNTIL = "ehrLeaseUntil";
    /** Which pass holds that lease: the SDK's retry of a take whose answer was lost finds the lease its own. */
    public static final String EHR_LEASE_TOKEN = "ehrLeaseToken";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String EXPIRES_AT = "expiresAt";

    /**
     * The appointment item ({@link #APPOINTMENT_KEY_PREFIX} + its id) holds the appointment as its latest change left
     * it: whether it is cancelled, its start, and the EHR's time of that change; and the changes applied, in order.
     */
    public static final String APPOINTMENT_KEY_PREFIX = "#appointment/";
    public static final String APPOINTMENT_STATUS = "appointmentStatus";
    public static final String APPOINTMENT_START = "appointmentStart";
    public static final String APPOINTMENT_UPDATED_AT = "appointmentUpdatedAt";
    public static final String APPOINTMENT_CHANGES = "appointmentChanges";
    /**
     * The frequency cap item ({@link #CAP_KEY_PREFIX} + a SHA-256 of the phone number, never the number) holds the
     * texts of the last days as "local date#n" entries: n-th text of that day in the patient's time zone.
     */
    public static final String CAP_KEY_PREFIX = "#cap/";
    public static final String CAP_TEXTS = "capTexts";
    /** On a reminder: the text it holds under the cap ("cap key|slot") until it is sent or given back. */
    public static final String HELD_TEXT = "heldText";

    public static final String PATIENT_INDEX = "patient-index";
    public static final String STATUS_INDEX = "status-index";
    /** Texted reminders by the id of their text: a reply's previousPublishedMessageId finds its reminder. */
    public static final String SMS_MESSAGE_INDEX = "sms-message-index";
    /** Texted reminders by {@link #PHONE_HASH}, newest text last ({@link #SMS_SENT_AT}). */
    public static final String PHONE_INDEX = "phone-index";
    /** Reminders by {@link #APPOINTMENT_ID}, oldest first ({@link #CREATED_AT}). */
    public static final String APPOINTMENT_INDEX = "appointment-index";
    /** Reminders by {@link #REPORT_DAY}, then {@link #CLINIC_KEY}: a day's reminders of every clinic, or of one. */
    public static final String REPORT_INDEX = "report-index";
    /**
     * What the report index holds besides its keys and the reminderId: only what a report counts, so a report reads
     * a few dozen bytes per reminder ({@code reminders report}).
     */
    public static final java.util.List<String> REPORT_INDEX_ATTRIBUTES =
            java.util.List.of(STATUS, SMS_SENT_AT, DELIVERY, REPLY);

    /**
     * The item where the workers of an environment meet to share the SMS rate: one attribute per live worker
     * ({@link #FLEET_MEMBER_PREFIX} + its id, holding when it last said so). '#' cannot start a reminderId.
     */
    public static final String FLEET_SMS_RATE_KEY = "#fleet/sms-rate";
    public static final String FLEET_MEMBER_PREFIX = "worker:";

    /** Key prefix for rejected messages whose reminderId could not be read. */
    public static final String UNREADABLE_KEY_PREFIX = "sqs:";

    private LedgerAttributes() {
    }
}
