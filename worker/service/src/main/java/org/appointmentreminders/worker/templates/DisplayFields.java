package org.appointmentreminders.worker.templates;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.appointmentreminders.contracts.ReminderMessage;

/**
 * The values a patient sees, the same for SMS and email: first name, clinic, local date and time of the
 * appointment, location and callback number. Optional values are empty strings, never null.
 */
public record DisplayFields(
        String givenName,
        String clinicName,
        String date,
        String time,
        String location,
        String clinicPhone) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public static DisplayFields of(ReminderMessage message, DateTimeFormatter dateFormat, DateTimeFormatter timeFormat) {
        ZonedDateTime local = message.appointment().start().atZoneSameInstant(message.appointment().timeZone());
        return new DisplayFields(
                message.patient().givenName(),
                message.appointment().clinicName(),
                plainSpaces(dateFormat.format(local)),
                plainSpaces(timeFormat.format(local)),
                orEmpty(message.appointment().location()),
                callbackNumber(message.appointment().clinicPhone(), message.patient().phone()));
    }

    /**
     * Newer CLDR data puts narrow or non-breaking spaces in times ("9:30 AM"); in an SMS one such character turns the
     * whole text into UCS-2 and halves its room.
     */
    private static String plainSpaces(String formatted) {
        return formatted.replace('\u202F', ' ').replace('\u00A0', ' ');
    }

    /** National format when the clinic is in the patient's country ("(415) 555-2671"), international otherwise. */
    private static String callbackNumber(String clinicPhone, String patientPhone) {
        if (clinicPhone == null || clinicPhone.isBlank()) {
            return "";
        }
        try {
            PhoneNumber clinic = PHONES.parse(clinicPhone, null);
            PhoneNumber patient = PHONES.parse(patientPhone, null);
            return PHONES.format(clinic, clinic.getCountryCode() == patient.getCountryCode()
                    ? PhoneNumberUtil.PhoneNumberFormat.NATIONAL
                    : PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return clinicPhone;
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    public DisplayFields withGivenName(String value) {
        return new DisplayFields(value, clinicName, date, time, location, clinicPhone);
    }

    public DisplayFields withClinicName(String value) {
        return new DisplayFields(givenName, value, date, time, location, clinicPhone);
    }

    public DisplayFields withoutLocation() {
        return new DisplayFields(givenName, clinicName, date, time, "", clinicPhone);
    }

    public DisplayFields withoutClinicPhone() {
        return new DisplayFields(givenName, clinicName, date, time, location, "");
    }
}
