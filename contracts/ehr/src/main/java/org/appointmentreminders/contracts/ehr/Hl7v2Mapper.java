package org.appointmentreminders.contracts.ehr;

import org.appointmentreminders.contracts.Fields;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.TQ;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.group.SIU_S12_RESOURCES;
import ca.uhn.hl7v2.model.v251.group.SIU_S12_SERVICE;
import ca.uhn.hl7v2.model.v251.message.SIU_S12;
import ca.uhn.hl7v2.model.v251.segment.AIL;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.SCH;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.contracts.ViolationCode;

/**
 * Maps HL7 v2 scheduling messages (SIU, versions 2.3 to 2.5.1, ER7 encoding) to contract messages.
 *
 * <ul>
 *   <li>S12 (new booking): one reminder per {@link MappingConfig#reminders()} timing.</li>
 *   <li>S13 (rescheduling) and S14 (modification): an appointment-rescheduled change to the start the message
 *       carries, plus the reminders for that start.</li>
 *   <li>S15 (cancellation), S16 (discontinuation) and S17 (deletion): an appointment-cancelled change.</li>
 *   <li>A filler status (SCH-25) of Cancelled, Deleted or Dc makes any of them a cancellation; Waitlist, Blocked,
 *       Started, Complete and Noshow make an S12 to S14 need no reminder.</li>
 *   <li>Other events and other message types map to nothing, with a note.</li>
 * </ul>
 *
 * Every message is parsed into the 2.5.1 structures, which hold the fields of 2.3 to 2.5 at the same positions. HAPI
 * reads the ER7 syntax only; every value is judged by the contract's own parser. Violations name the HL7 field
 * (such as {@code PID-13}), never its value; HAPI's own error messages, which quote values, are never passed on.
 */
public final class Hl7v2Mapper {

    private static final Set<String> CANCELLING_STATUSES = Set.of("CANCELLED", "DELETED", "DC");
    private static final Set<String> NO_REMINDER_STATUSES = Set.of("WAITLIST", "BLOCKED", "STARTED", "COMPLETE",
            "NOSHOW");
    // What a note may echo from the message: codes and ids only.
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_]{1,10}");

    private final MappingConfig config;
    private final ContractGate gate;
    private final ClinicDirectory clinics;
    private final PipeParser er7;

    public Hl7v2Mapper(MappingConfig config) {
        this(config, new ReminderParser());
    }

    /** Shares a parser the caller already has; the parser loads its schemas once. */
    public Hl7v2Mapper(MappingConfig config, ReminderParser parser) {
        this.config = config;
        this.gate = new ContractGate(config, parser);
        this.clinics = new ClinicDirectory(config);
        HapiContext context = new DefaultHapiContext();
        // One model for every version: SIU segments keep their fields' positions from 2.3 to 2.5.1.
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        // HAPI's checks would refuse a message for a flaw in a field no reminder uses; the contract judges values.
        context.setValidationContext(ValidationContextFactory.noValidation());
        this.er7 = context.getPipeParser();
    }

    /** Every message of an ER7 text: one or many, with or without MLLP framing. */
    public List<MappingResult> mapAll(String text) {
        List<MappingResult> results = new ArrayList<>();
        List<String> messages = Er7.split(text);
        for (int i = 0; i < messages.size(); i++) {
            results.add(map(messages.get(i), "message " + (i + 1)));
        }
        return results;
    }

    /**
     * One ER7 message; segments end in carriage returns or line feeds.
     *
     * @param label how the message is named in the result, such as {@code message 3}; its MSH-10 is added
     */
    public MappingResult map(String message, String label) {
        String segments = Er7.normalize(message);
        String controlId = Er7.controlId(segments);
        String source = controlId == null ? label : label + " (MSH-10 " + controlId + ")";
        Message parsed;
        try {
            parsed = er7.parse(segments);
        } catch (HL7Exception | RuntimeException e) {
            return MappingResult.refused(source, List.of(unreadable(e)));
        }
        if (!(parsed instanceof SIU_S12 siu)) {
            return MappingResult.ignored(source, "not a scheduling (SIU) message: MSH-9 names another type");
        }
        return map(siu, source);
    }

    private MappingResult map(SIU_S12 siu, String source) {
        MSH msh = siu.getMSH();
        SCH sch = siu.getSCH();
        String event = upper(msh.getMessageType().getTriggerEvent().getValue());
        Draft.Intent intent = switch (event) {
            case "S12" -> Draft.Intent.REMIND;
            case "S13", "S14" -> Draft.Intent.RESCHEDULE;
            case "S15", "S16", "S17" -> Draft.Intent.CANCEL;
            default -> null;
        };
        if (intent == null) {
            return MappingResult.ignored(source, "event " + shown(event) + " (MSH-9.2) needs no reminder");
        }
        String status = upper(sch.getFillerStatusCode().getIdentifier().getValue());
        if (CANCELLING_STATUSES.contains(status)) {
            intent = Draft.Intent.CANCEL;
        } else if (intent != Draft.Intent.CANCEL && NO_REMINDER_STATUSES.contains(status)) {
            return MappingResult.ignored(source, "filler status " + shown(status) + " (SCH-25) needs no reminder");
        }

        Draft draft = new Draft(source, intent);
        String idField = config.hl7v2().appointmentIdField();
        String appointmentId = idField.equals("SCH-1")
                ? sch.getPlacerAppointmentID().getEntityIdentifier().getValue()
                : sch.getFillerAppointmentID().getEntityIdentifier().getValue();
        draft.put(Fields.APPOINTMENT_ID, idField, appointmentId);
        draft.put(Fields.CHANGE_ID, "MSH-10", msh.getMessageControlID().getValue());
        updatedAt(draft, msh);

        AIL ail = firstLocation(siu);
        String facility = ail == null ? null : ail.getLocationResourceID(0).getFacility().getNamespaceID().getValue();
        ClinicDirectory.Said key = facility != null && !facility.isBlank()
                ? new ClinicDirectory.Said(facility, "AIL-3.4")
                : new ClinicDirectory.Said(msh.getSendingFacility().getNamespaceID().getValue(), "MSH-4");
        // The clinic's name is the mapping's; without an entry, the facility's own name is all the message has.
        // SCH-17, the filler's contact phone, is whom the patient calls about the appointment.
        clinics.resolve(draft, key, key, new ClinicDirectory.Said(number(sch.getFillerContactPhoneNumber()),
                "SCH-17"), null, null);
        if (ail != null) {
            draft.put(Fields.LOCATION, "AIL-3.9", ail.getLocationResourceID(0).getLocationDescription().getValue());
        }
        if (intent != Draft.Intent.CANCEL) {
            // A cancellation needs neither: a flaw in them must not keep it from the queue.
            start(draft, siu, sch, ail);
            patient(draft, siu.getPATIENT().getPID());
        }
        return gate.assemble(draft);
    }

    private void updatedAt(Draft draft, MSH msh) {
        String text = msh.getDateTimeOfMessage().getTime().getValue();
        draft.put(Fields.UPDATED_AT, "MSH-7", null);
        if (text == null || text.isBlank()) {
            return;
        }
        EhrTimes.Hl7Time time = EhrTimes.hl7(text);
        if (time == null) {
            draft.refuse(Fields.UPDATED_AT, "MSH-7", ViolationCode.INVALID_TIMESTAMP, Hl7Sentences.BAD_TIME);
            return;
        }
        // Message times are the sending system's; the mapping's zone stands for it when no offset is written.
        draft.put(Fields.UPDATED_AT, "MSH-7", time.offset() != null
                ? time.local().atOffset(time.offset())
                : EhrTimes.lenient(time.local(), config.timeZone()));
    }

    /** The first of TQ1-7, SCH-11.4, AIS-4 and AIL-6 that is present. */
    private static void start(Draft draft, SIU_S12 siu, SCH sch, AIL ail) {
        List<Candidate> candidates = new ArrayList<>();
        if (siu.getTQ1Reps() > 0) {
            candidates.add(new Candidate("TQ1-7", siu.getTQ1().getStartDateTime()));
        }
        for (TQ tq : sch.getAppointmentTimingQuantity()) {
            candidates.add(new Candidate("SCH-11.4", tq.getStartDateTime()));
        }
        for (SIU_S12_RESOURCES resources : all(siu)) {
            for (SIU_S12_SERVICE service : services(resources)) {
                candidates.add(new Candidate("AIS-4", service.getAIS().getStartDateTime()));
            }
        }
        if (ail != null) {
            candidates.add(new Candidate("AIL-6", ail.getStartDateTime()));
        }
        Candidate found = candidates.stream().filter(c -> !blank(c.time().getTime().getValue())).findFirst()
                .orElse(null);
        draft.put(Fields.START, found == null ? "TQ1-7" : found.origin(), null)
                .hint(Fields.START, "none of TQ1-7, SCH-11.4, AIS-4 or AIL-6 has a start");
        if (found == null) {
            return;
        }
        EhrTimes.Hl7Time time = EhrTimes.hl7(found.time().getTime().getValue());
        ZoneId zone = draft.zone();
        if (time == null) {
            draft.refuse(Fields.START, found.origin(), ViolationCode.INVALID_TIMESTAMP, Hl7Sentences.BAD_TIME);
        } else if (time.offset() != null) {
            // Kept as written: if the offset is not the zone's at that time, the contract refuses it rather than
            // text a time the clinic may not have meant.
            draft.put(Fields.START, found.origin(), time.local().atOffset(time.offset()));
        } else {
            OffsetDateTime start = EhrTimes.strict(time.local(), zone);
            if (start == null) {
                draft.refuse(Fields.START, found.origin(), ViolationCode.INVALID_TIMESTAMP,
                        Hl7Sentences.DST_CHANGE);
            } else {
                draft.put(Fields.START, found.origin(), start);
            }
        }
    }

    private void patient(Draft draft, PID pid) {
        draft.put(Fields.PATIENT_ID, "PID-3", patientId(pid))
                .hint(Fields.PATIENT_ID, config.hl7v2().patientIdentifierType() == null
                        ? "PID-3 is empty"
                        : "no PID-3 repetition has identifier type " + config.hl7v2().patientIdentifierType());
        String given = null;
        for (XPN name : pid.getPatientName()) {
            if (!blank(name.getGivenName().getValue())) {
                given = name.getGivenName().getValue().strip();
                break;
            }
        }
        draft.put(Fields.GIVEN_NAME, "PID-5.2", given);
        XTN[] telecoms = pid.getPhoneNumberHome();
        draft.put(Fields.PHONE, "PID-13", Phones.e164(mobile(telecoms), config.phoneRegion()))
                .hint(Fields.PHONE, "no PID-13 repetition with a number matches the mapping's mobile rules");
        String email = null;
        for (XTN telecom : telecoms) {
            if (!blank(telecom.getEmailAddress().getValue())) {
                email = telecom.getEmailAddress().getValue().strip();
                break;
            }
        }
        draft.put(Fields.EMAIL, "PID-13.4", email);
        draft.put(Fields.LANGUAGE, "PID-15", language(pid.getPrimaryLanguage().getIdentifier().getValue()));
    }

    /**
     * The PID-3 repetition of the configured identifier type. A feed that types none of its identifiers has one
     * identifier, the first; a feed that types them but not with the configured type has no usable one.
     */
    private String patientId(PID pid) {
        CX[] ids = pid.getPatientIdentifierList();
        String type = config.hl7v2().patientIdentifierType();
        boolean typed = false;
        for (CX id : ids) {
            String code = id.getIdentifierTypeCode().getValue();
            typed |= !blank(code);
            if (type != null && type.equalsIgnoreCase(strip(code)) && !blank(id.getIDNumber().getValue())) {
                return id.getIDNumber().getValue().strip();
            }
        }
        if ((type == null || !typed) && ids.length > 0) {
            return ids[0].getIDNumber().getValue();
        }
        return null;
    }

    /** The number of the first PID-13 repetition that the first matching rule picks. */
    private String mobile(XTN[] telecoms) {
        for (MappingConfig.PhoneRule rule : config.hl7v2().mobile()) {
            for (int i = 0; i < telecoms.length; i++) {
                XTN telecom = telecoms[i];
                String number = number(telecom);
                if (number != null
                        && (rule.use() == null || rule.use().equalsIgnoreCase(strip(
                                telecom.getTelecommunicationUseCode().getValue())))
                        && (rule.equipment() == null || rule.equipment().equalsIgnoreCase(strip(
                                telecom.getTelecommunicationEquipmentType().getValue())))
                        && (rule.repetition() == null || rule.repetition() == i + 1)) {
                    return number;
                }
            }
        }
        return null;
    }

    /**
     * The number as written: country, area and local number (XTN-5 to -7) when the local number is there, else the
     * unformatted number (XTN-12, 2.5 on), else the formatted one (XTN-1, the only one in 2.3).
     */
    private static String number(XTN telecom) {
        String local = telecom.getLocalNumber().getValue();
        if (!blank(local)) {
            String country = strip(telecom.getCountryCode().getValue());
            String area = strip(telecom.getAreaCityCode().getValue());
            return (blank(country) ? "" : "+" + country) + (area == null ? "" : area) + local.strip();
        }
        String unformatted = telecom.getUnformattedTelephoneNumber().getValue();
        if (!blank(unformatted)) {
            return unformatted.strip();
        }
        String formatted = telecom.getTelephoneNumber().getValue();
        return blank(formatted) ? null : formatted.strip();
    }

    /** HL7 table 0296 is the site's own: ISO 639-1 (es) and ISO 639-2 (spa) codes are both read. */
    static Language language(String code) {
        if (blank(code)) {
            return null;
        }
        String tag = code.strip().toLowerCase(Locale.ROOT);
        String primary = tag.split("[-_]", 2)[0];
        if (primary.length() == 3) {
            for (String iso2 : Locale.getISOLanguages()) {
                if (Locale.forLanguageTag(iso2).getISO3Language().equals(primary)) {
                    return Language.fromCode(iso2);
                }
            }
        }
        return Language.fromCode(tag);
    }

    private static AIL firstLocation(SIU_S12 siu) {
        for (SIU_S12_RESOURCES resources : all(siu)) {
            if (resources.getLOCATION_RESOURCEReps() > 0) {
                return resources.getLOCATION_RESOURCE().getAIL();
            }
        }
        return null;
    }

    private static List<SIU_S12_RESOURCES> all(SIU_S12 siu) {
        try {
            return siu.getRESOURCESAll();
        } catch (HL7Exception e) {
            // Reading a group that the parser built cannot fail; only a structure defect would get here.
            throw new IllegalStateException("cannot read the RESOURCES groups", e);
        }
    }

    private static List<SIU_S12_SERVICE> services(SIU_S12_RESOURCES resources) {
        try {
            return resources.getSERVICEAll();
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot read the SERVICE groups", e);
        }
    }

    /** Where HAPI stopped reading, never what it read: its messages quote the input. */
    private static Violation unreadable(Exception e) {
        String where = "MSH";
        if (e instanceof HL7Exception hl7 && hl7.getLocation() != null && !hl7.getLocation().isUnknown()) {
            Location location = hl7.getLocation();
            if (location.getSegmentName() != null && CODE.matcher(location.getSegmentName()).matches()) {
                where = location.getSegmentName() + (location.getField() > 0 ? "-" + location.getField() : "");
            }
        }
        return Violation.of(where, ViolationCode.INVALID_FORMAT,
                where + ": the message cannot be read as HL7 v2 ER7 (pipe-delimited segments starting with MSH)");
    }

    private static String shown(String code) {
        return code != null && CODE.matcher(code).matches() ? code : "(none)";
    }

    private static String upper(String text) {
        return text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private record Candidate(String origin, TS time) {
    }

    /** The sentences of the mapping's own refusals; like the contract's, they name fields and never values. */
    private static final class Hl7Sentences {
        static final String BAD_TIME = "must be an HL7 date/time to at least the minute, "
                + "YYYYMMDDHHMM[SS][+/-ZZZZ], on a real calendar date";
        static final String DST_CHANGE = "names a local time that the appointment's time zone skips or has twice "
                + "(a daylight saving time change); send it with its UTC offset";
    }
}
