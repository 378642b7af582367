package org.appointmentreminders.contracts;

/**
 * JSON paths of the contract's fields, as they appear in {@link Violation#path()}: the parser's, and those of mappers
 * from other formats, which name the same fields in their violations.
 */
public final class Fields {

    public static final String SCHEMA_VERSION = "$.schemaVersion";
    public static final String KIND = "$.kind";
    public static final String CHANGE_ID = "$.changeId";
    public static final String REMINDER_ID = "$.reminderId";
    public static final String APPOINTMENT_ID = "$.appointment.id";
    public static final String START = "$.appointment.start";
    public static final String TIME_ZONE = "$.appointment.timeZone";
    public static final String LOCATION = "$.appointment.location";
    public static final String CLINIC_NAME = "$.appointment.clinicName";
    public static final String CLINIC_PHONE = "$.appointment.clinicPhone";
    public static final String CLINIC_ID = "$.appointment.clinicId";
    public static final String UPDATED_AT = "$.appointment.updatedAt";
    public static final String PATIENT_ID = "$.patient.id";
    public static final String GIVEN_NAME = "$.patient.givenName";
    public static final String PHONE = "$.patient.phone";
    public static final String EMAIL = "$.patient.email";
    public static final String LANGUAGE = "$.patient.language";
    public static final String SEND_BEFORE = "$.sendBefore";

    private Fields() {
    }

    /** {@code $.patient.phone} as the JSON Pointer {@code /patient/phone}. */
    static String pointer(String path) {
        return path.substring(1).replace('.', '/');
    }
}
