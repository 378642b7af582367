package org.appointmentreminders.contracts.ehr;

import static org.appointmentreminders.contracts.ehr.Samples.NEW_YORK;
import static org.appointmentreminders.contracts.ehr.Samples.RIVERSIDE;
import static org.appointmentreminders.contracts.ehr.Samples.changes;
import static org.appointmentreminders.contracts.ehr.Samples.reminders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ChangeKind;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.Violation;
import org.junit.jupiter.api.Test;

class Hl7v2MapperTest {

    private final Hl7v2Mapper mapper = new Hl7v2Mapper(RIVERSIDE);

    private MappingResult one(String sample) {
        return one(mapper, sample);
    }

    private static MappingResult one(Hl7v2Mapper mapper, String sample) {
        List<MappingResult> results = mapper.mapAll(Samples.read("hl7v2", sample));
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void s12InVersion251GivesTheConfiguredRemindersWithEveryFieldFromItsSegment() {
        MappingResult result = one("s12-new-booking-v251.hl7");

        assertThat(result.isValid()).as(result.violations().toString()).isTrue();
        assertThat(result.source()).isEqualTo("message 1 (MSH-10 MSG00001)");
        OffsetDateTime start = OffsetDateTime.parse("2026-12-15T09:30:00-05:00");
        assertThat(reminders(result)).extracting(ContractMessage.Reminder::id, r -> r.message().sendBefore(),
                ContractMessage.Reminder::dueAt).containsExactly(
                tuple("APPT-1001/72h/20261215T143000Z", start.minusHours(24), start.minusHours(72)),
                tuple("APPT-1001/24h/20261215T143000Z", start.minusHours(2), start.minusHours(24)));
        ReminderMessage reminder = reminders(result).get(0).message();
        assertThat(reminder.schemaVersion()).isEqualTo(ReminderMessage.SCHEMA_VERSION_2);
        var appointment = reminder.appointment();
        assertThat(appointment.id()).isEqualTo("APPT-1001");
        assertThat(appointment.start()).isEqualTo(start);
        assertThat(appointment.timeZone()).isEqualTo(NEW_YORK);
        assertThat(appointment.location()).isEqualTo("Riverside Clinic, 2nd floor");
        assertThat(appointment.clinicName()).isEqualTo("Riverside Clinic");
        assertThat(appointment.clinicPhone()).isEqualTo("+12025550100");
        assertThat(appointment.clinicId()).isEqualTo("RIVERSIDE");
        assertThat(appointment.updatedAt()).isEqualTo(OffsetDateTime.parse("2026-12-01T09:15:00-05:00"));
        var patient = reminder.patient();
        assertThat(patient.id()).as("the MR identifier, not the PI one").isEqualTo("40001");
        assertThat(patient.givenName()).isEqualTo("Ana");
        assertThat(patient.phone()).as("the CP repetition, not the home phone").isEqualTo("+12025550142");
        assertThat(patient.email()).isEqualTo("ana.garcia@example.org");
        assertThat(patient.language()).isEqualTo(Language.ES);
    }

    @Test
    void s12InVersion23ReadsLocalTimesInTheZoneFormattedNumbersAndThreeLetterLanguages() {
        MappingResult result = one("s12-new-booking-v23-formatted-phones.hl7");

        assertThat(result.isValid()).as(result.violations().toString()).isTrue();
        ReminderMessage reminder = reminders(result).get(0).message();
        assertThat(reminder.appointment().start()).as("SCH-11.4 without offset, in New York")
                .isEqualTo(OffsetDateTime.parse("2026-12-16T08:00:00-05:00"));
        assertThat(reminder.appointment().updatedAt()).isEqualTo(OffsetDateTime.parse("2026-12-01T09:15:00-05:00"));
        assertThat(reminder.patient().phone()).as("(202)555-0152^ORN^CP").isEqualTo("+12025550152");
        assertThat(reminder.patient().language()).as("SPA").isEqualTo(Language.ES);
    }

    @Test
    void withoutAClinicEntryTheFacilityNamesTheClinicAndTheFillerContactPhoneIsItsNumber() {
        MappingResult result = one(new Hl7v2Mapper(MappingConfig.defaults(NEW_YORK)),
                "s12-new-booking-v23-formatted-phones.hl7");

        var appointment = reminders(result).get(0).message().appointment();
        assertThat(appointment.clinicName()).isEqualTo("RIVERSIDE");
        assertThat(appointment.clinicId()).isEqualTo("RIVERSIDE");
        assertThat(appointment.clinicPhone()).as("SCH-17 (202)555-0100").isEqualTo("+12025550100");
    }

    @Test
    void whichPid13RepetitionIsTheMobileIsConfiguration() {
        assertThat(one("s12-mobile-in-second-repetition-v24.hl7").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("PID-13", "missing_field"));

        MappingConfig secondRepetition = RIVERSIDE.withHl7v2(new MappingConfig.Hl7v2Options("SCH-2", "MR",
                List.of(new MappingConfig.PhoneRule(null, "CP", null), new MappingConfig.PhoneRule(null, null, 2))));
        MappingResult result = one(new Hl7v2Mapper(secondRepetition), "s12-mobile-in-second-repetition-v24.hl7");

        assertThat(result.isValid()).isTrue();
        assertThat(reminders(result)).allSatisfy(r -> assertThat(r.message().patient().phone())
                .isEqualTo("+12025550162"));
    }

    @Test
    void mllpFramingIsStrippedAndTheUnformattedNumberIsRead() {
        MappingResult result = one("s12-mllp-framed-v25.hl7");

        assertThat(result.isValid()).as(result.violations().toString()).isTrue();
        assertThat(reminders(result)).hasSize(2).allSatisfy(r -> assertThat(r.message().patient().phone())
                .isEqualTo("+12025550171"));
    }

    @Test
    void s13MovesTheAppointmentAndRemindsAboutTheNewStartUnderNewReminderIds() {
        MappingResult booked = one("s12-new-booking-v251.hl7");
        MappingResult moved = one("s13-rescheduled-v251.hl7");

        OffsetDateTime newStart = OffsetDateTime.parse("2026-12-17T14:00:00-05:00");
        assertThat(changes(moved)).extracting(ContractMessage.Change::change).containsExactly(new AppointmentChange(
                ChangeKind.RESCHEDULED, "MSG00005", "APPT-1001", OffsetDateTime.parse("2026-12-03T16:00:00-05:00"),
                newStart, NEW_YORK));
        assertThat(reminders(moved)).extracting(ContractMessage.Reminder::id).containsExactly(
                "APPT-1001/72h/20261217T190000Z", "APPT-1001/24h/20261217T190000Z");
        assertThat(reminders(moved)).allSatisfy(r -> assertThat(r.message().appointment().start())
                .isEqualTo(newStart));
        assertThat(reminders(moved)).extracting(ContractMessage.Reminder::id)
                .doesNotContainAnyElementsOf(reminders(booked).stream().map(ContractMessage.Reminder::id).toList());
    }

    @Test
    void s14ThatKeepsTheStartRemindsUnderTheSameReminderIdsSoNobodyIsTextedTwice() {
        MappingResult moved = one("s13-rescheduled-v251.hl7");
        MappingResult modified = one("s14-modified-v251.hl7");

        assertThat(changes(modified)).singleElement().satisfies(c -> {
            assertThat(c.change().kind()).isEqualTo(ChangeKind.RESCHEDULED);
            assertThat(c.change().newStart()).isEqualTo(OffsetDateTime.parse("2026-12-17T14:00:00-05:00"));
        });
        assertThat(reminders(modified)).extracting(ContractMessage.Reminder::id)
                .isEqualTo(reminders(moved).stream().map(ContractMessage.Reminder::id).toList());
        assertThat(reminders(modified).get(0).message().appointment().location())
                .isEqualTo("Riverside Clinic, 3rd floor");
    }

    @Test
    void s15CancelsAndSendsNoReminder() {
        MappingResult result = one("s15-cancelled-v251.hl7");

        assertThat(result.messages()).singleElement().isEqualTo(new ContractMessage.Change(new AppointmentChange(
                ChangeKind.CANCELLED, "MSG00007", "APPT-1001", OffsetDateTime.parse("2026-12-05T12:00:00-05:00"),
                null, null), result.messages().get(0).json()));
        assertThat(result.messages().get(0).json()).isEqualTo("{\"schemaVersion\":2,\"kind\":\"appointment-cancelled\","
                + "\"changeId\":\"MSG00007\",\"appointment\":{\"id\":\"APPT-1001\","
                + "\"updatedAt\":\"2026-12-05T12:00:00-05:00\"}}");
    }

    @Test
    void aCancellationIsNotRefusedForAStartOrPatientItDoesNotNeed() {
        String badStart = Samples.read("hl7v2", "s15-cancelled-v251.hl7").replace("20261217140000-0500",
                "20261332140000-0500").replace("^PRN^CP^", "^PRN^PH^");

        MappingResult result = mapper.mapAll(badStart).get(0);

        assertThat(result.violations()).isEmpty();
        assertThat(changes(result)).extracting(c -> c.change().kind()).containsExactly(ChangeKind.CANCELLED);
    }

    @Test
    void s17InVersion23CancelsWithNothingButMshAndSch() {
        MappingResult result = one("s17-deleted-v23.hl7");

        assertThat(result.isValid()).isTrue();
        assertThat(changes(result)).extracting(c -> c.change().kind(), c -> c.change().appointmentId(),
                c -> c.change().updatedAt())
                .containsExactly(tuple(ChangeKind.CANCELLED, "APPT-1002",
                        OffsetDateTime.parse("2026-12-05T12:30:00-05:00")));
        assertThat(reminders(result)).isEmpty();
    }

    @Test
    void aCancellingFillerStatusMakesAnyEventACancellation() {
        MappingResult result = one("s14-filler-status-cancelled-v251.hl7");

        assertThat(result.messages()).singleElement().isInstanceOfSatisfying(ContractMessage.Change.class,
                c -> assertThat(c.change().kind()).isEqualTo(ChangeKind.CANCELLED));
    }

    @Test
    void aNoShowNeedsNoReminderAndSaysWhy() {
        MappingResult result = one("s26-no-show-v251.hl7");

        assertThat(result.messages()).isEmpty();
        assertThat(result.violations()).isEmpty();
        assertThat(result.note()).isEqualTo("event S26 (MSH-9.2) needs no reminder");
    }

    @Test
    void eachFlawedSampleGivesTheCodeItsNameSaysAtTheFieldItCameFrom() {
        assertThat(one("s12-no-mobile-phone--missing_field.hl7").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("PID-13", "missing_field"));
        assertThat(one("s12-mobile-without-area-code--invalid_phone.hl7").violations())
                .extracting(Violation::path, Violation::code, Violation::message).containsExactly(tuple("PID-13",
                        "invalid_phone", "PID-13: patient.phone is not a valid E.164 phone number"));
        assertThat(one("s12-start-not-a-date--invalid_timestamp.hl7").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("TQ1-7", "invalid_timestamp"));
        assertThat(one("s12-start-in-dst-gap--invalid_timestamp.hl7").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("SCH-11.4", "invalid_timestamp"));
        assertThat(one("s12-wrong-offset--offset_mismatch.hl7").violations())
                .extracting(Violation::path, Violation::code).containsExactly(tuple("TQ1-7", "offset_mismatch"));
        for (Path sample : Samples.all("hl7v2")) {
            String name = sample.getFileName().toString();
            if (name.contains("--")) {
                MappingResult result = one(name);
                assertThat(result.messages()).as(name).isEmpty();
                assertThat(result.violations()).as(name).extracting(Violation::code)
                        .containsOnly(name.substring(name.indexOf("--") + 2, name.length() - ".hl7".length()));
            }
        }
    }

    @Test
    void aBatchFileGivesOneResultPerMessageInOrder() {
        List<MappingResult> results = mapper.mapAll(Samples.read("hl7v2", "batch-booking-then-cancellation.hl7"));

        assertThat(results).extracting(MappingResult::source).containsExactly("message 1 (MSH-10 MSG00016)",
                "message 2 (MSH-10 MSG00017)", "message 3 (MSH-10 MSG00018)");
        assertThat(reminders(results.get(0))).hasSize(2);
        assertThat(reminders(results.get(0)).get(0).message().patient().language()).as("fr has no template")
                .isEqualTo(Language.EN);
        assertThat(results.get(1).messages()).isEmpty();
        assertThat(results.get(1).note()).isEqualTo("not a scheduling (SIU) message: MSH-9 names another type");
        assertThat(changes(results.get(2))).extracting(c -> c.change().kind()).containsExactly(ChangeKind.CANCELLED);
    }

    @Test
    void theSameMessageMapsToTheSameMessagesEveryTime() {
        String s12 = Samples.read("hl7v2", "s12-new-booking-v251.hl7");

        List<String> first = mapper.mapAll(s12).get(0).messages().stream().map(ContractMessage::json).toList();
        List<String> again = new Hl7v2Mapper(RIVERSIDE).mapAll(s12).get(0).messages().stream()
                .map(ContractMessage::json).toList();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void theAppointmentIdAndThePatientIdentifierAreConfiguration() {
        MappingConfig placer = RIVERSIDE.withHl7v2(new MappingConfig.Hl7v2Options("SCH-1", "PI",
                MappingConfig.Hl7v2Options.DEFAULT.mobile()));
        ReminderMessage reminder = reminders(one(new Hl7v2Mapper(placer), "s12-new-booking-v251.hl7")).get(0)
                .message();
        assertThat(reminder.appointment().id()).isEqualTo("PL-77120");
        assertThat(reminder.reminderId()).startsWith("PL-77120/");
        assertThat(reminder.patient().id()).isEqualTo("A-7781");

        MappingConfig missingType = RIVERSIDE.withHl7v2(new MappingConfig.Hl7v2Options("SCH-2", "XX",
                MappingConfig.Hl7v2Options.DEFAULT.mobile()));
        assertThat(one(new Hl7v2Mapper(missingType), "s12-new-booking-v251.hl7").violations())
                .extracting(Violation::path, Violation::code, Violation::message)
                .containsExactly(tuple("PID-3", "missing_field",
                        "PID-3: patient.id is required (no PID-3 repetition has identifier type XX)"));
    }

    @Test
    void whichRemindersABookingGetsIsConfiguration() {
        MappingConfig oneReminder = RIVERSIDE.withReminders(List.of(
                new MappingConfig.ReminderTiming(Duration.ofHours(48), Duration.ofHours(12))));

        MappingResult result = one(new Hl7v2Mapper(oneReminder), "s12-new-booking-v251.hl7");

        assertThat(reminders(result)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("APPT-1001/48h/20261215T143000Z");
            assertThat(r.message().sendBefore()).isEqualTo(OffsetDateTime.parse("2026-12-14T21:30:00-05:00"));
        });
    }

    @Test
    void aRescheduleWhosePatientCannotBeTextedStillMovesTheAppointment() {
        String landlineOnly = Samples.read("hl7v2", "s13-rescheduled-v251.hl7").replace("^PRN^CP^", "^PRN^PH^");

        MappingResult result = mapper.mapAll(landlineOnly).get(0);

        assertThat(changes(result)).extracting(c -> c.change().kind()).containsExactly(ChangeKind.RESCHEDULED);
        assertThat(reminders(result)).isEmpty();
        assertThat(result.violations()).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("PID-13", "missing_field"));
    }

    @Test
    void textThatIsNotEr7IsRefusedWithoutQuotingIt() {
        List<MappingResult> results = mapper.mapAll("Dear clinic, please book Zelda Quixote at 555-0199\n");

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.messages()).isEmpty();
            assertThat(result.violations()).extracting(Violation::path, Violation::code)
                    .containsExactly(tuple("MSH", "invalid_format"));
            assertThat(result.violations().toString()).doesNotContain("Zelda").doesNotContain("555-0199");
        });
    }

    @Test
    void everyMessageTheSamplesGiveIsOneTheContractAccepts() {
        List<MappingResult> results = new ArrayList<>();
        for (Path sample : Samples.all("hl7v2")) {
            results.addAll(mapper.mapAll(Samples.read("hl7v2", sample.getFileName().toString())));
        }
        assertThat(results).hasSizeGreaterThanOrEqualTo(18);
        assertThat(results.stream().mapToLong(r -> r.messages().size()).sum()).isGreaterThanOrEqualTo(15);
        Samples.assertAcceptedByTheContract(results);
    }
}
