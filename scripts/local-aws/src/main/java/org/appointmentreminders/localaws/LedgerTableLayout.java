package org.appointmentreminders.localaws;

/**
 * The outcome ledger's key schema and indexes as provisioned here. The worker's ledger names the same attributes;
 * a worker test holds the two equal, and the Terraform consistency test holds the HCL to the worker.
 */
public final class LedgerTableLayout {
    public static final String PARTITION_KEY = "reminderId";
    public static final String PATIENT_INDEX = "patient-index";
    public static final String PATIENT_INDEX_PARTITION_KEY = "patientId";
    public static final String PATIENT_INDEX_SORT_KEY = "createdAt";
    public static final String STATUS_INDEX = "status-index";
    public static final String STATUS_INDEX_PARTITION_KEY = "status";
    public static final String STATUS_INDEX_SORT_KEY = "updatedAt";
    /** Texted reminders by the id of their text (keys only): how a reply's previousPublishedMessageId finds one. */
    public static final String SMS_MESSAGE_INDEX = "sms-message-index";
    public static final String SMS_MESSAGE_INDEX_PARTITION_KEY = "smsMessageId";
    /** Texted reminders by a hash of the patient's phone, newest text last (keys only). */
    public static final String PHONE_INDEX = "phone-index";
    public static final String PHONE_INDEX_PARTITION_KEY = "phoneHash";
    public static final String PHONE_INDEX_SORT_KEY = "smsSentAt";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** A reminder's history by appointment, oldest first. */
    public static final String APPOINTMENT_INDEX = "appointment-index";
    public static final String APPOINTMENT_INDEX_PARTITION_KEY = "appointmentId";
    public static final String APPOINTMENT_INDEX_SORT_KEY = "createdAt";
    /**
     * A day's reminders of every clinic, or of one: what a report reads, and only the attributes it counts (a
     * narrow projection keeps a report's read units low).
     */
    public static final String REPORT_INDEX = "report-index";
    public static final String REPORT_INDEX_PARTITION_KEY = "reportDay";
    public static final String REPORT_INDEX_SORT_KEY = "clinicKey";
    public static final java.util.List<String> REPORT_INDEX_ATTRIBUTES =
            java.util.List.of("status", "smsSentAt", "delivery", "reply");

    private LedgerTableLayout() {
    }
}
