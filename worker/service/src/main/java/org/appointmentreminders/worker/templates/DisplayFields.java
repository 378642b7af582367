package org.appointmentreminders.worker.templates;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Far more than a health system's clinics; a stream of distinct numbers empties it rather than growing it. */
    private static final int MAX_CLINIC_NUMBERS = 4096;
    private static final Map<String, ClinicNumber> CLINIC_NUMBERS = new ConcurrentHashMap<>();

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
        ClinicNumber clinic = CLINIC_NUMBERS.get(clinicPhone);
        if (clinic == null) {
            clinic = ClinicNumber.of(clinicPhone);
            if (CLINIC_NUMBERS.size() >= MAX_CLINIC_NUMBERS) {
                CLINIC_NUMBERS.clear();
            }
            CLINIC_NUMBERS.put(clinicPhone, clinic);
        }
        return clinic.forPatient(patientPhone);
    }

    /**
     * A clinic's number written both ways, parsed once per clinic number rather than once per reminder (parsing it and
     * the patient's number took 3% of the worker's CPU).
     */
    private record ClinicNumber(String countryPrefix, String national, String international) {

        static ClinicNumber of(String clinicPhone) {
            try {
                PhoneNumber clinic = PHONES.parse(clinicPhone, null);
                return new ClinicNumber("+" + clinic.getCountryCode(),
                        PHONES.format(clinic, PhoneNumberUtil.PhoneNumberFormat.NATIONAL),
                        PHONES.format(clinic, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
            } catch (NumberParseException e) {
                return new ClinicNumber(null, clinicPhone, clinicPhone);
            }
        }

        /** Country calling codes are prefix-free, so an E.164 number's leading digits name its country. */
        String forPatient(String patientPhone) {
            boolean sameCountry = countryPrefix != null && patientPhone != null && patientPhone.startsWith(countryPrefix);
            return sameCountry ? national : international;
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
