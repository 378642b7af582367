package org.appointmentreminders.contracts.ehr;

import org.appointmentreminders.contracts.Fields;
import java.time.ZoneId;

/**
 * The clinic of an appointment: the mapping's entry for the clinic the message names wins over what the message
 * says about it, so an integrator can fix a feed's clinic names, callback numbers and zones without code.
 */
final class ClinicDirectory {

    private final MappingConfig config;

    ClinicDirectory(MappingConfig config) {
        this.config = config;
    }

    /**
     * Sets the clinic fields and the time zone of a draft.
     *
     * @param key        the clinic's id in the message (value nullable), looked up in {@link MappingConfig#clinics()}
     * @param name       the clinic's name as the message says it (value nullable)
     * @param phone      the clinic's phone as the message says it (value nullable)
     * @param zone       the zone the message says the clinic is in, or null
     * @param zoneOrigin where the message says so
     */
    void resolve(Draft draft, Said key, Said name, Said phone, ZoneId zone, String zoneOrigin) {
        MappingConfig.Clinic entry = key.value() == null ? null : config.clinics().get(key.value());
        String entryOrigin = "mapping clinics." + key.value();
        draft.put(Fields.CLINIC_ID, key.origin(), key.value());
        if (entry != null) {
            draft.put(Fields.CLINIC_NAME, entryOrigin + ".name", entry.name());
        } else {
            draft.put(Fields.CLINIC_NAME, name.origin(), name.value())
                    .hint(Fields.CLINIC_NAME, "nor has the mapping a clinic for " + key.origin());
        }
        if (entry != null && entry.phone() != null) {
            draft.put(Fields.CLINIC_PHONE, entryOrigin + ".phone", entry.phone());
        } else {
            draft.put(Fields.CLINIC_PHONE, phone.origin(), Phones.e164(phone.value(), config.phoneRegion()));
        }
        if (entry != null && entry.timeZone() != null) {
            draft.put(Fields.TIME_ZONE, entryOrigin + ".timeZone", entry.timeZone());
        } else if (zone != null) {
            draft.put(Fields.TIME_ZONE, zoneOrigin, zone);
        } else {
            draft.put(Fields.TIME_ZONE, "mapping timeZone", config.timeZone());
        }
    }

    /** A value as a message says it, and where. */
    record Said(String value, String origin) {
    }
}
