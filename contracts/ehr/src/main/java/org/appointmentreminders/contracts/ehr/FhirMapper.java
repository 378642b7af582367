package org.appointmentreminders.contracts.ehr;

import org.appointmentreminders.contracts.Fields;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.contracts.ViolationCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Maps FHIR R4 {@code Appointment}s, with their {@code Patient} (contained, or an entry of the same Bundle), to
 * contract messages.
 *
 * <ul>
 *   <li>status booked or pending: one reminder per {@link MappingConfig#reminders()} timing. When
 *       {@code meta.versionId} is above 1 the appointment has been changed since it was booked, and it may have
 *       moved: an appointment-rescheduled change to its start comes first. A change that did not move it
 *       suppresses nothing, and its reminders have the reminderIds of the ones before, so nobody is texted twice.
 *   <li>status cancelled or entered-in-error: an appointment-cancelled change.</li>
 *   <li>any other status (proposed, arrived, fulfilled, noshow, checked-in, waitlist): nothing, with a note.</li>
 * </ul>
 *
 * The input is one resource (an Appointment or a Bundle of any type) or NDJSON, one resource a line. Violations
 * name the FHIR path (such as {@code Patient.telecom}), never the value.
 */
public final class FhirMapper {

    // One context per JVM is HAPI's advice: building one scans the whole R4 model.
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Pattern SHOWN_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");

    private final MappingConfig config;
    private final ContractGate gate;
    private final ClinicDirectory clinics;

    public FhirMapper(MappingConfig config) {
        this(config, new ReminderParser());
    }

    /** Shares a parser the caller already has; the parser loads its schemas once. */
    public FhirMapper(MappingConfig config, ReminderParser parser) {
        this.config = config;
        this.gate = new ContractGate(config, parser);
        this.clinics = new ClinicDirectory(config);
    }

    /**
     * One resource (pretty-printed or not), or NDJSON: when the first line is a JSON object by itself, every line
     * is a resource of its own.
     */
    public List<MappingResult> mapAll(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            return List.of();
        }
        if (!isObject(lines[first])) {
            return map(body, "resource");
        }
        List<MappingResult> results = new ArrayList<>();
        for (int i = first; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                results.addAll(map(lines[i], "line " + (i + 1)));
            }
        }
        return results;
    }

    /** One JSON resource: a result per Appointment it holds (a Bundle may hold many), or one refusal. */
    public List<MappingResult> map(String json, String label) {
        try {
            JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            return List.of(MappingResult.refused(label, List.of(Violation.of("$", ViolationCode.MALFORMED_JSON,
                    "the resource is not valid JSON" + (at == null ? ""
                            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")))));
        }
        IBaseResource resource;
        try {
            resource = parser().parseResource(json);
        } catch (RuntimeException e) {
            // HAPI's messages quote the input; only the fact is passed on.
            return List.of(MappingResult.refused(label, List.of(Violation.of("$", ViolationCode.INVALID_FORMAT,
                    "the resource is not a FHIR R4 resource in JSON"))));
        }
        Index index = new Index();
        List<Appointment> appointments = new ArrayList<>();
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() != null) {
                    index.add(entry.getFullUrl(), entry.getResource());
                    if (entry.getResource() instanceof Appointment appointment) {
                        appointments.add(appointment);
                    }
                }
            }
        } else if (resource instanceof Appointment appointment) {
            appointments.add(appointment);
        } else {
            return List.of(MappingResult.ignored(label, "a " + resource.fhirType()
                    + " is neither an Appointment nor a Bundle"));
        }
        if (appointments.isEmpty()) {
            return List.of(MappingResult.ignored(label, "the Bundle holds no Appointment"));
        }
        List<MappingResult> results = new ArrayList<>();
        for (Appointment appointment : appointments) {
            results.add(map(appointment, index, label));
        }
        return results;
    }

    private MappingResult map(Appointment appointment, Index index, String label) {
        String logicalId = appointment.getIdElement().getIdPart();
        String source = logicalId != null && SHOWN_ID.matcher(logicalId).matches()
                ? label + ", Appointment/" + logicalId : label + ", Appointment";
        if (appointment.getStatus() == null) {
            return MappingResult.refused(source, List.of(Violation.of("Appointment.status",
                    ViolationCode.MISSING_FIELD, "Appointment.status: is required")));
        }
        String version = appointment.getMeta().getVersionId();
        Draft.Intent intent = switch (appointment.getStatus()) {
            case BOOKED, PENDING -> isLaterVersion(version) ? Draft.Intent.RESCHEDULE : Draft.Intent.REMIND;
            case CANCELLED, ENTEREDINERROR -> Draft.Intent.CANCEL;
            default -> null;
        };
        if (intent == null) {
            return MappingResult.ignored(source, "status " + appointment.getStatus().toCode()
                    + " (Appointment.status) needs no reminder");
        }
        Draft draft = new Draft(source, intent);
        appointmentId(draft, appointment);
        draft.put(Fields.UPDATED_AT, "Appointment.meta.lastUpdated", null);
        time(draft, Fields.UPDATED_AT, "Appointment.meta.lastUpdated", appointment.getMeta().getLastUpdatedElement());
        OffsetDateTime updatedAt = draft.time(Fields.UPDATED_AT);
        String id = draft.text(Fields.APPOINTMENT_ID);
        // The change's id is the version it came from, so a change is traceable to the EHR's history.
        String changeId = id == null ? null : version != null
                ? "Appointment/" + id + "/_history/" + version
                : updatedAt == null ? null : "Appointment/" + id + "/lastUpdated/" + updatedAt.toInstant();
        draft.put(Fields.CHANGE_ID, version != null ? "Appointment.meta.versionId" : "Appointment.meta.lastUpdated",
                changeId);

        Location location = resolve(appointment, index, Location.class).orElse(null);
        clinic(draft, location, index, appointment);
        draft.put(Fields.LOCATION, "Location.name", location == null ? null : location.getName());
        if (intent != Draft.Intent.CANCEL) {
            // A cancellation needs no start: a flaw in it must not keep the cancellation from the queue.
            draft.put(Fields.START, "Appointment.start", null);
            time(draft, Fields.START, "Appointment.start", appointment.getStartElement());
            OffsetDateTime start = draft.time(Fields.START);
            if (start != null) {
                // FHIR instants name a moment, often in UTC; the contract wants it as the clinic's local time.
                draft.put(Fields.START, "Appointment.start",
                        start.atZoneSameInstant(draft.zone()).toOffsetDateTime());
            }
            Optional<Patient> patient = resolve(appointment, index, Patient.class);
            if (patient.isPresent()) {
                patient(draft, patient.get(), appointment.getContained().contains(patient.get()));
            } else {
                for (String path : List.of(Fields.PATIENT_ID, Fields.GIVEN_NAME, Fields.PHONE)) {
                    draft.put(path, "Appointment.participant.actor", null).hint(path, "no Patient participant "
                            + "that is contained or in the same Bundle");
                }
            }
        }
        return gate.assemble(draft);
    }

    private void appointmentId(Draft draft, Appointment appointment) {
        String system = config.fhir().appointmentIdentifierSystem();
        if (system == null) {
            draft.put(Fields.APPOINTMENT_ID, "Appointment.id", appointment.getIdElement().getIdPart());
        } else {
            draft.put(Fields.APPOINTMENT_ID, "Appointment.identifier", identifier(appointment.getIdentifier(), system))
                    .hint(Fields.APPOINTMENT_ID, "no identifier of the mapping's appointment system");
        }
    }

    /** The clinic is the Location's managing Organization, else the Location itself. */
    private void clinic(Draft draft, Location location, Index index, Appointment appointment) {
        Organization organization = location == null || !location.hasManagingOrganization() ? null
                : index.find(location.getManagingOrganization(), appointment, location, Organization.class)
                        .orElse(null);
        ClinicDirectory.Said key;
        ClinicDirectory.Said name;
        ClinicDirectory.Said phone;
        if (organization != null) {
            key = new ClinicDirectory.Said(organization.getIdElement().getIdPart(), "Organization.id");
            name = new ClinicDirectory.Said(organization.getName(), "Organization.name");
            phone = new ClinicDirectory.Said(firstPhone(organization.getTelecom()), "Organization.telecom");
        } else {
            // A contained Location's id only means something inside its Appointment: it names no clinic.
            boolean named = location != null && !appointment.getContained().contains(location);
            key = new ClinicDirectory.Said(named ? location.getIdElement().getIdPart() : null, "Location.id");
            name = new ClinicDirectory.Said(location == null ? null : location.getName(), "Location.name");
            phone = new ClinicDirectory.Said(location == null ? null : firstPhone(location.getTelecom()),
                    "Location.telecom");
        }
        clinics.resolve(draft, key, name, phone, null, null);
    }

    private void patient(Draft draft, Patient patient, boolean contained) {
        String system = config.fhir().patientIdentifierSystem();
        if (system != null) {
            draft.put(Fields.PATIENT_ID, "Patient.identifier", identifier(patient.getIdentifier(), system))
                    .hint(Fields.PATIENT_ID, "no identifier of the mapping's patient system");
        } else if (patient.getIdElement().getIdPart() != null && !contained) {
            draft.put(Fields.PATIENT_ID, "Patient.id", patient.getIdElement().getIdPart());
        } else {
            // A contained Patient's id only means something inside its Appointment; its identifier is the patient.
            draft.put(Fields.PATIENT_ID, "Patient.identifier",
                    patient.getIdentifier().stream().map(Identifier::getValue).filter(v -> v != null)
                            .findFirst().orElse(null));
        }
        draft.put(Fields.GIVEN_NAME, "Patient.name.given", givenName(patient));
        draft.put(Fields.PHONE, "Patient.telecom", Phones.e164(mobile(patient.getTelecom()), config.phoneRegion()))
                .hint(Fields.PHONE, "no telecom with system sms, or system phone and use mobile");
        draft.put(Fields.EMAIL, "Patient.telecom", patient.getTelecom().stream()
                .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.EMAIL && t.hasValue())
                .map(t -> t.getValue().strip()).findFirst().orElse(null));
        draft.put(Fields.LANGUAGE, "Patient.communication.language", language(patient));
    }

    /** The usual name before the official one, before any other; its first given name. */
    private static String givenName(Patient patient) {
        return patient.getName().stream()
                .filter(HumanName::hasGiven)
                .min(Comparator.comparingInt(name -> name.getUse() == HumanName.NameUse.USUAL ? 0
                        : name.getUse() == HumanName.NameUse.OFFICIAL ? 1 : 2))
                .map(name -> name.getGiven().get(0).getValue())
                .orElse(null);
    }

    /** A number for texts: system sms first, then a phone whose use is mobile. */
    private static String mobile(List<ContactPoint> telecom) {
        return telecom.stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.SMS && t.hasValue())
                .findFirst()
                .or(() -> telecom.stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE
                        && t.getUse() == ContactPoint.ContactPointUse.MOBILE && t.hasValue()).findFirst())
                .map(ContactPoint::getValue).orElse(null);
    }

    private static String firstPhone(List<ContactPoint> telecom) {
        return telecom.stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE && t.hasValue())
                .map(ContactPoint::getValue).findFirst().orElse(null);
    }

    /** The preferred communication language, else the first; its first coding, else its text. */
    private static Language language(Patient patient) {
        var communications = patient.getCommunication();
        return communications.stream().filter(c -> c.getPreferred()).findFirst()
                .or(() -> communications.stream().findFirst())
                .map(c -> c.getLanguage().hasCoding() ? c.getLanguage().getCodingFirstRep().getCode()
                        : c.getLanguage().getText())
                .map(Hl7v2Mapper::language)
                .orElse(null);
    }

    private static String identifier(List<Identifier> identifiers, String system) {
        return identifiers.stream().filter(i -> system.equals(i.getSystem())).map(Identifier::getValue)
                .filter(v -> v != null).findFirst().orElse(null);
    }

    private static void time(Draft draft, String path, String origin, InstantType element) {
        // A value HAPI could not read is kept as text with no value; it is refused here, not dropped as missing.
        String text = element == null ? null : element.getValueAsString();
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            draft.put(path, origin, OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException e) {
            draft.refuse(path, origin, ViolationCode.INVALID_TIMESTAMP,
                    "must be a FHIR instant with seconds and a UTC offset, on a real calendar date");
        }
    }

    /** The first participant that is a resource of this kind, contained or in the same Bundle. */
    private static <T extends Resource> Optional<T> resolve(Appointment appointment, Index index, Class<T> kind) {
        for (Appointment.AppointmentParticipantComponent participant : appointment.getParticipant()) {
            Optional<T> found = index.find(participant.getActor(), appointment, null, kind);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static boolean isLaterVersion(String version) {
        if (version == null) {
            return false;
        }
        try {
            return Long.parseLong(version.strip()) > 1;
        } catch (NumberFormatException e) {
            // Servers may use opaque version ids; any version but the first says the appointment was changed.
            return !version.strip().equals("1");
        }
    }

    private static boolean isObject(String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static IParser parser() {
        // Silent: HAPI's default handler logs the values it cannot read, and values are PHI. What matters is
        // judged here and by the contract's parser.
        return FHIR.newJsonParser().setParserErrorHandler(new ErrorHandlerAdapter());
    }

    /** The resources of one Bundle, by fullUrl and by {@code Type/id}. */
    private static final class Index {
        private final Map<String, Resource> resources = new HashMap<>();

        void add(String fullUrl, Resource resource) {
            if (fullUrl != null) {
                resources.put(fullUrl, resource);
            }
            if (resource.getIdElement().hasIdPart()) {
                resources.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
            }
        }

        /** A reference's target: contained in the container (or the Appointment), else in the Bundle. */
        <T extends Resource> Optional<T> find(Reference reference, Appointment appointment, Resource container,
                                              Class<T> kind) {
            if (kind.isInstance(reference.getResource())) {
                return Optional.of(kind.cast(reference.getResource()));
            }
            String target = reference.getReference();
            if (target == null) {
                return Optional.empty();
            }
            if (target.startsWith("#")) {
                List<Resource> contained = new ArrayList<>(appointment.getContained());
                if (container instanceof org.hl7.fhir.r4.model.DomainResource domain) {
                    contained.addAll(domain.getContained());
                }
                String local = target.substring(1);
                return contained.stream().filter(kind::isInstance)
                        .filter(r -> local.equals(r.getIdElement().getIdPart())
                                || target.equals(r.getIdElement().getValue()))
                        .map(kind::cast).findFirst();
            }
            Resource found = resources.get(target);
            if (found == null) {
                // An absolute reference to a server names the same resource as its Type/id tail.
                String[] parts = target.split("/");
                if (parts.length >= 2) {
                    found = resources.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
                }
            }
            return kind.isInstance(found) ? Optional.of(kind.cast(found)) : Optional.empty();
        }
    }
}
