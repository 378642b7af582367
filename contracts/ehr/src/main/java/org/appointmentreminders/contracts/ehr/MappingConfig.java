package org.appointmentreminders.contracts.ehr;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an integration maps its EHR's messages: the only part of an integration that is not code. Build it with
 * {@link #defaults(ZoneId)} and the {@code with...} methods, or read it from JSON with {@link MappingConfigJson}.
 *
 * @param timeZone    the zone of appointments whose clinic names none; also the zone of HL7 times without an offset
 * @param phoneRegion ISO 3166 region for phone numbers written without a country code, such as {@code US}
 * @param reminders   the reminders a booked appointment gets, in order; never empty
 * @param clinics     clinic details by the key the message names the clinic with (HL7 AIL-3.4 or MSH-4, FHIR
 *                    Organization or Location id); a clinic missing here is named as the message names it
 * @param hl7v2       which HL7 v2 fields carry the ids and the mobile phone
 * @param fhir        which FHIR identifiers carry the ids
 */
public record MappingConfig(
        ZoneId timeZone,
        String phoneRegion,
        List<ReminderTiming> reminders,
        Map<String, Clinic> clinics,
        Hl7v2Options hl7v2,
        FhirOptions fhir) {

    /** 72 hours before the start (texted until 24 hours before), then 24 hours before (until 2 hours before). */
    public static final List<ReminderTiming> DEFAULT_REMINDERS = List.of(
            new ReminderTiming(Duration.ofHours(72), Duration.ofHours(24)),
            new ReminderTiming(Duration.ofHours(24), Duration.ofHours(2)));

    public MappingConfig {
        requireRegion(timeZone, "timeZone");
        Objects.requireNonNull(phoneRegion, "phoneRegion");
        reminders = List.copyOf(reminders);
        if (reminders.isEmpty()) {
            throw new IllegalArgumentException("reminders must name at least one reminder");
        }
        if (reminders.stream().map(ReminderTiming::name).distinct().count() != reminders.size()) {
            throw new IllegalArgumentException("reminders must not name the same time twice");
        }
        clinics = Map.copyOf(clinics);
        Objects.requireNonNull(hl7v2, "hl7v2");
        Objects.requireNonNull(fhir, "fhir");
    }

    /** The defaults: US phone numbers, {@link #DEFAULT_REMINDERS}, no clinic directory, {@link Hl7v2Options#DEFAULT}. */
    public static MappingConfig defaults(ZoneId timeZone) {
        return new MappingConfig(timeZone, "US", DEFAULT_REMINDERS, Map.of(), Hl7v2Options.DEFAULT,
                FhirOptions.DEFAULT);
    }

    public MappingConfig withReminders(List<ReminderTiming> reminders) {
        return new MappingConfig(timeZone, phoneRegion, reminders, clinics, hl7v2, fhir);
    }

    public MappingConfig withClinics(Map<String, Clinic> clinics) {
        return new MappingConfig(timeZone, phoneRegion, reminders, clinics, hl7v2, fhir);
    }

    public MappingConfig withPhoneRegion(String phoneRegion) {
        return new MappingConfig(timeZone, phoneRegion, reminders, clinics, hl7v2, fhir);
    }

    public MappingConfig withHl7v2(Hl7v2Options hl7v2) {
        return new MappingConfig(timeZone, phoneRegion, reminders, clinics, hl7v2, fhir);
    }

    public MappingConfig withFhir(FhirOptions fhir) {
        return new MappingConfig(timeZone, phoneRegion, reminders, clinics, hl7v2, fhir);
    }

    /**
     * One reminder of a booked appointment: due {@code before} the start, pointless after {@code until} before the
     * start (its {@code sendBefore}). Its {@link #name()}, such as {@code 72h}, is part of the reminderId.
     */
    public record ReminderTiming(Duration before, Duration until) {
        public ReminderTiming {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(until, "until");
            if (before.toSecondsPart() != 0 || until.toSecondsPart() != 0 || before.toNanosPart() != 0
                    || until.toNanosPart() != 0) {
                throw new IllegalArgumentException("a reminder's times are whole minutes");
            }
            if (until.isNegative() || before.compareTo(until) <= 0) {
                throw new IllegalArgumentException("a reminder's time before the start must be more than its "
                        + "last time to send, and neither may be negative");
            }
        }

        /** {@code 72h}, {@code 90m} or {@code 2d}: the largest whole unit. */
        public String name() {
            return DurationText.format(before);
        }
    }

    /**
     * A clinic as the patient should see it.
     *
     * @param phone    nullable; E.164 callback number
     * @param timeZone nullable; else {@link MappingConfig#timeZone()}
     */
    public record Clinic(String name, String phone, ZoneId timeZone) {
        public Clinic {
            Objects.requireNonNull(name, "name");
            if (timeZone != null) {
                requireRegion(timeZone, "a clinic's timeZone");
            }
        }
    }

    /**
     * Where an SIU message carries what is not always in the same place.
     *
     * @param appointmentIdField     {@code SCH-2} (filler appointment id, the scheduling system's) or {@code SCH-1}
     *                               (placer appointment id)
     * @param patientIdentifierType  the PID-3 repetition whose identifier type code (CX-5) is this, such as
     *                               {@code MR}; null for the first repetition
     * @param mobile                 rules for the PID-13 repetition that is the mobile phone, tried in order
     */
    public record Hl7v2Options(String appointmentIdField, String patientIdentifierType, List<PhoneRule> mobile) {

        /** SCH-2, the MR identifier, and the first PID-13 repetition whose equipment type (XTN-3) is CP. */
        public static final Hl7v2Options DEFAULT = new Hl7v2Options("SCH-2", "MR",
                List.of(new PhoneRule(null, "CP", null)));

        public Hl7v2Options {
            if (!"SCH-1".equals(appointmentIdField) && !"SCH-2".equals(appointmentIdField)) {
                throw new IllegalArgumentException("hl7v2 appointmentIdField must be SCH-1 or SCH-2");
            }
            mobile = List.copyOf(mobile);
            if (mobile.isEmpty()) {
                throw new IllegalArgumentException("hl7v2 mobile must have at least one rule");
            }
        }
    }

    /**
     * Picks a PID-13 repetition; every part that is set must match. Null parts match anything.
     *
     * @param use        telecommunication use code (XTN-2), such as {@code PRN} or {@code ORN}
     * @param equipment  telecommunication equipment type (XTN-3), such as {@code CP} (cellular phone)
     * @param repetition 1-based repetition of PID-13
     */
    public record PhoneRule(String use, String equipment, Integer repetition) {
        public PhoneRule {
            if (use == null && equipment == null && repetition == null) {
                throw new IllegalArgumentException("a mobile phone rule needs use, equipment or repetition");
            }
            if (repetition != null && repetition < 1) {
                throw new IllegalArgumentException("a mobile phone rule's repetition counts from 1");
            }
        }
    }

    /**
     * @param appointmentIdentifierSystem the Appointment.identifier system whose value is the appointment id; null
     *                                    for the Appointment's own id
     * @param patientIdentifierSystem     the Patient.identifier system whose value is the patient id (an MRN
     *                                    system); null for the Patient's own id
     */
    public record FhirOptions(String appointmentIdentifierSystem, String patientIdentifierSystem) {
        public static final FhirOptions DEFAULT = new FhirOptions(null, null);
    }

    private static void requireRegion(ZoneId zone, String what) {
        Objects.requireNonNull(zone, what);
        // The contract refuses fixed offsets: they cannot follow daylight saving time. Refuse them at start-up.
        boolean fixedNonUtc = zone.getRules().isFixedOffset()
                && !zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
        if (fixedNonUtc) {
            throw new IllegalArgumentException(what + " must be an IANA region id such as America/New_York, "
                    + "not a fixed offset");
        }
    }

    /** Durations written as {@code 72h}, {@code 90m} or {@code 2d}, in the config file and in reminderIds. */
    static final class DurationText {
        private static final Pattern TEXT = Pattern.compile("([0-9]{1,5})([mhd])");

        private DurationText() {
        }

        static Duration parse(String text) {
            var matcher = TEXT.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("a duration is a whole number and m, h or d, such as 72h");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }

        static String format(Duration duration) {
            long minutes = duration.toMinutes();
            if (minutes % (24 * 60) == 0 && minutes >= 7 * 24 * 60) {
                return minutes / (24 * 60) + "d";
            }
            return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
        }
    }
}
