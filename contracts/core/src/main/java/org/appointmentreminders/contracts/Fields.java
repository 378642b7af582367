package org.appointmentreminders.contracts;

/** JSON paths of the contract's fields, as they appear in {@link Violation#path()}. */
final class Fields {

    static final String SCHEMA_VERSION = "$.schemaVersion";
    static final String KIND = "$.kind";
    static final String CHANGE_ID = "$.changeId";
    static final String REMINDER_ID = "$.reminderId";
    static final String APPOINTMENT_ID = "$.appointment.id";
    static final String START = "$.appointment.start";
    static final String TIME_ZONE = "$.appointment.timeZone";
    static final String LOCATION = "$.appointment.location";
    static final String CLINIC_NAME = "$.appointment.clinicName";
    static final String CLINIC_PHONE = "$.appointment.clinicPhone";
    static final String CLINIC_ID = "$.appointment.clinicId";
    static final String UPDATED_AT = "$.appointment.updatedAt";
    static final String PATIENT_ID = "$.patient.id";
    static final String GIVEN_NAME = "$.patient.givenName";
    static final String PHONE = "$.patient.phone";
    static final String EMAIL = "$.patient.email";
    static final String LANGUAGE = "$.patient.language";
    static final String SEND_BEFORE = "$.sendBefore";

    private Fields() {
    }

    /** {@code $.patient.phone} as the JSON Pointer {@code /patient/phone}. */
    static String pointer(String path) {
        return path.substring(1).replace('.', '/');
    }
}
