package org.appointmentreminders.contracts.ehr;

import static org.appointmentreminders.contracts.ehr.Samples.NEW_YORK;
import static org.appointmentreminders.contracts.ehr.Samples.changes;
import static org.appointmentreminders.contracts.ehr.Samples.reminders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ChangeKind;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.Violation;
import org.junit.jupiter.api.Test;

class FhirMapperTest {

    private final FhirMapper mapper = new FhirMapper(MappingConfig.defaults(NEW_YORK));

    private MappingResult one(String sample) {
        return one(mapper, sample);
    }

    private static MappingResult one(FhirMapper mapper, String sample) {
        List<MappingResult> results = mapper.mapAll(Samples.read("fhir", sample));
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void aBookedAppointmentWithItsPatientContainedGivesTheConfiguredReminders() {
        MappingResult result = one("appointment-booked-contained-patient.json");

        assertThat(result.isValid()).as(result.violations().toString()).isTrue();
        assertThat(result.source()).isEqualTo("resource, Appointment/apt-100");
        OffsetDateTime start = OffsetDateTime.parse("2026-12-15T09:30:00-05:00");
        assertThat(reminders(result)).extracting(ContractMessage.Reminder::id, r -> r.message().sendBefore())
                .containsExactly(tuple("apt-100/72h/20261215T143000Z", start.minusHours(24)),
                        tuple("apt-100/24h/20261215T143000Z", start.minusHours(2)));
        ReminderMessage reminder = reminders(result).get(0).message();
        assertThat(reminder.appointment().updatedAt()).isEqualTo(OffsetDateTime.parse("2026-12-01T09:15:00-05:00"));
        assertThat(reminder.appointment().location()).isEqualTo("Riverside Clinic, 2nd floor");
        assertThat(reminder.appointment().clinicName()).as("a contained Location is its own clinic")
                .isEqualTo("Riverside Clinic, 2nd floor");
        assertThat(reminder.appointment().clinicId()).as("a contained id names nothing outside").isNull();
        assertThat(reminder.patient().id()).as("a contained Patient is its identifier").isEqualTo("MRN-PAT");
        assertThat(reminder.patient().givenName()).isEqualTo("Sam");
        assertThat(reminder.patient().phone()).as("system sms").isEqualTo("+12025550181");
        assertThat(reminder.patient().language()).as("preferred es-MX").isEqualTo(Language.ES);
    }

    @Test
    void aTransactionBundleResolvesUuidReferencesAndTheClinicIsTheManagingOrganization() {
        MappingResult result = one("bundle-transaction-booked.json");

        assertThat(result.isValid()).as(result.violations().toString()).isTrue();
        ReminderMessage reminder = reminders(result).get(0).message();
        assertThat(reminder.patient().id()).isEqualTo("p-200");
        assertThat(reminder.patient().givenName()).isEqualTo("Dana");
        assertThat(reminder.patient().phone()).as("phone with use mobile, not the home one").isEqualTo("+12025550182");
        assertThat(reminder.patient().email()).isEqualTo("dana.okafor@example.org");
        assertThat(reminder.appointment().clinicName()).isEqualTo("Riverside Clinic");
        assertThat(reminder.appointment().clinicPhone()).as("(202) 555-0100").isEqualTo("+12025550100");
        assertThat(reminder.appointment().clinicId()).isEqualTo("org-riverside");
        assertThat(reminder.appointment().location()).isEqualTo("Riverside Clinic, 2nd floor");
    }

    @Test
    void aPendingAppointmentInACollectionWithRelativeReferencesIsRemindedToo() {
        MappingResult result = one("bundle-collection-pending-referenced-patient.json");

        assertThat(reminders(result)).hasSize(2).allSatisfy(r -> {
            assertThat(r.message().patient().givenName()).isEqualTo("Lucía");
            assertThat(r.message().patient().language()).isEqualTo(Language.ES);
        });
        assertThat(changes(result)).isEmpty();
    }

    @Test
    void theMappingsClinicEntryWinsOverWhatTheResourcesSay() {
        FhirMapper withDirectory = new FhirMapper(MappingConfig.defaults(NEW_YORK).withClinics(Map.of(
                "org-riverside", new MappingConfig.Clinic("Riverside Family Clinic", "+12025550109",
                        java.time.ZoneId.of("America/Chicago")))));

        ReminderMessage reminder = reminders(one(withDirectory, "bundle-transaction-booked.json")).get(0).message();

        assertThat(reminder.appointment().clinicName()).isEqualTo("Riverside Family Clinic");
        assertThat(reminder.appointment().clinicPhone()).isEqualTo("+12025550109");
        assertThat(reminder.appointment().timeZone()).hasToString("America/Chicago");
        assertThat(reminder.appointment().start()).as("the same instant, in Chicago")
                .isEqualTo(OffsetDateTime.parse("2026-12-16T13:00:00-06:00"));
    }

    @Test
    void cancelledAndEnteredInErrorCancelUnderTheirVersion() {
        assertThat(one("appointment-cancelled.json").messages()).singleElement()
                .isInstanceOfSatisfying(ContractMessage.Change.class, c -> assertThat(c.change())
                        .isEqualTo(new AppointmentChange(ChangeKind.CANCELLED, "Appointment/apt-100/_history/3",
                                "apt-100", OffsetDateTime.parse("2026-12-05T10:00:00-05:00"), null, null)));
        assertThat(one("appointment-entered-in-error.json").messages()).singleElement()
                .isInstanceOfSatisfying(ContractMessage.Change.class, c -> assertThat(c.change().kind())
                        .isEqualTo(ChangeKind.CANCELLED));
    }

    @Test
    void aLaterVersionOfABookedAppointmentMovesItAndRemindsAboutItsStartInLocalTime() {
        MappingResult booked = one("bundle-transaction-booked.json");
        MappingResult moved = one("bundle-booked-version-2-moved.json");

        OffsetDateTime newStart = OffsetDateTime.parse("2026-12-18T11:00:00-05:00");
        assertThat(changes(moved)).extracting(ContractMessage.Change::change).containsExactly(new AppointmentChange(
                ChangeKind.RESCHEDULED, "Appointment/apt-200/_history/2", "apt-200",
                OffsetDateTime.parse("2026-12-03T12:00:00-05:00"), newStart, NEW_YORK));
        assertThat(reminders(moved)).extracting(ContractMessage.Reminder::id).containsExactly(
                "apt-200/72h/20261218T160000Z", "apt-200/24h/20261218T160000Z");
        assertThat(reminders(moved)).extracting(ContractMessage.Reminder::id)
                .doesNotContainAnyElementsOf(reminders(booked).stream().map(ContractMessage.Reminder::id).toList());
    }

    @Test
    void aCancellationIsNotRefusedForAStartItDoesNotNeed() {
        String badStart = Samples.read("fhir", "appointment-cancelled.json").replace("2026-12-15T09:30:00-05:00",
                "2026-02-30T09:30:00-05:00");

        MappingResult result = mapper.mapAll(badStart).get(0);

        assertThat(result.violations()).isEmpty();
        assertThat(changes(result)).extracting(c -> c.change().kind()).containsExactly(ChangeKind.CANCELLED);
    }

    @Test
    void statusesThatNeedNoReminderMapToNothingWithANote() {
        assertThat(one("appointment-proposed.json")).satisfies(r -> {
            assertThat(r.messages()).isEmpty();
            assertThat(r.violations()).isEmpty();
            assertThat(r.note()).isEqualTo("status proposed (Appointment.status) needs no reminder");
        });
        assertThat(one("appointment-fulfilled.json").note())
                .isEqualTo("status fulfilled (Appointment.status) needs no reminder");
    }

    @Test
    void eachFlawedSampleGivesTheCodeItsNameSaysAtTheFhirPath() {
        assertThat(one("bundle-patient-without-mobile--missing_field.json").violations())
                .extracting(Violation::path, Violation::code, Violation::message).containsExactly(tuple(
                        "Patient.telecom", "missing_field", "Patient.telecom: patient.phone is required (no telecom "
                                + "with system sms, or system phone and use mobile)"));
        assertThat(one("appointment-patient-not-in-input--missing_field.json").violations())
                .extracting(Violation::path).contains("Appointment.participant.actor");
        assertThat(one("appointment-start-not-a-date--invalid_timestamp.json").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("Appointment.start",
                        "invalid_timestamp"));
        assertThat(one("appointment-invalid-email--invalid_email.json").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("Patient.telecom",
                        "invalid_email"));
        for (Path sample : Samples.all("fhir")) {
            String name = sample.getFileName().toString();
            if (name.contains("--")) {
                MappingResult result = one(name);
                assertThat(result.messages()).as(name).isEmpty();
                assertThat(result.violations()).as(name).extracting(Violation::code)
                        .containsOnly(name.substring(name.indexOf("--") + 2, name.length() - ".json".length()));
            }
        }
    }

    @Test
    void ndjsonGivesAResultPerLine() {
        List<MappingResult> results = mapper.mapAll(Samples.read("fhir", "appointments.ndjson"));

        assertThat(results).extracting(MappingResult::source).containsExactly("line 1, Appointment/apt-1300",
                "line 2, Appointment/apt-1300", "line 3");
        assertThat(reminders(results.get(0))).hasSize(2);
        assertThat(changes(results.get(1))).extracting(c -> c.change().kind()).containsExactly(ChangeKind.CANCELLED);
        assertThat(results.get(2).note()).isEqualTo("a Patient is neither an Appointment nor a Bundle");
    }

    @Test
    void theAppointmentAndPatientIdsCanComeFromIdentifierSystems() {
        FhirMapper byIdentifier = new FhirMapper(MappingConfig.defaults(NEW_YORK).withFhir(
                new MappingConfig.FhirOptions("urn:oid:2.16.840.1.113883.19.5.99999.2",
                        "urn:oid:2.16.840.1.113883.19.5.99999.1")));

        ReminderMessage reminder = reminders(one(byIdentifier, "bundle-transaction-booked.json")).get(0).message();

        assertThat(reminder.appointment().id()).isEqualTo("APT-200");
        assertThat(reminder.patient().id()).isEqualTo("MRN-P-200");
        FhirMapper unknownSystem = new FhirMapper(MappingConfig.defaults(NEW_YORK).withFhir(
                new MappingConfig.FhirOptions("urn:example:none", null)));
        assertThat(one(unknownSystem, "bundle-transaction-booked.json").violations())
                .extracting(Violation::path, Violation::code)
                .contains(tuple("Appointment.identifier", "missing_field"));
    }

    @Test
    void inputThatIsNotAFhirResourceIsRefusedWithoutQuotingIt() {
        assertThat(mapper.mapAll("{\"resourceType\": \"Appointment\", \"status\": \"Zelda Quixote\"")).singleElement()
                .satisfies(r -> assertThat(r.violations()).extracting(Violation::path, Violation::code)
                        .containsExactly(tuple("$", "malformed_json")));
        assertThat(mapper.mapAll("{\"resourceType\": \"Zelda Quixote\"}")).singleElement()
                .satisfies(r -> {
                    assertThat(r.violations()).extracting(Violation::path, Violation::code)
                            .containsExactly(tuple("$", "invalid_format"));
                    assertThat(r.violations().toString()).doesNotContain("Zelda");
                });
    }

    @Test
    void everyMessageTheSamplesGiveIsOneTheContractAccepts() {
        List<MappingResult> results = new ArrayList<>();
        for (Path sample : Samples.all("fhir")) {
            results.addAll(mapper.mapAll(Samples.read("fhir", sample.getFileName().toString())));
        }
        assertThat(results).hasSizeGreaterThanOrEqualTo(14);
        assertThat(results.stream().mapToLong(r -> r.messages().size()).sum()).isGreaterThanOrEqualTo(12);
        Samples.assertAcceptedByTheContract(results);
    }
}
