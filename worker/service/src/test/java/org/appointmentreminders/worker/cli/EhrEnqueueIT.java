package org.appointmentreminders.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.testing.CliProcess;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code reminders enqueue --format hl7v2|fhir} run as a process against the emulators, with the real worker. */
@ExtendWith(LocalAwsExtension.class)
class EhrEnqueueIT {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmssxx");
    private static final ZonedDateTime NOW = ZonedDateTime.now(NEW_YORK);

    @Test
    void siuMessagesAreMappedValidatedFirstAndTheDueReminderIsTextedOnce(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "cli-hl7v2");
        Patient ana = Patient.fresh();
        Patient noMobile = Patient.fresh();
        // 30 hours ahead: the 72h reminder is due (until 24 hours before), the 24h one is not yet.
        ZonedDateTime start = ZonedDateTime.now(NEW_YORK).plusHours(30).truncatedTo(ChronoUnit.HOURS);
        String appointment = "IT-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("siu", ".hl7");
        Files.writeString(file, siu("S12", "IT-S12-" + appointment, appointment, start, NOW, ana, "CP")
                + siu("S12", "IT-S12-NM-" + appointment, appointment + "-NM", start, NOW, noMobile, "PH"));
        Map<String, String> env = WorkerFixture.environment(endpoints, stack);

        CliProcess.Result refused = CliProcess.run(env, null, "enqueue", "--format", "hl7v2", "--time-zone",
                "America/New_York", file.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("invalid: message 2 (MSH-10 IT-S12-NM-" + appointment + ")")
                .contains("PID-13  missing_field  PID-13: patient.phone is required");
        assertThat(refused.stdout()).contains("2 HL7 messages: 1 mapped, 1 invalid, 0 needing nothing; "
                + "0 changes and 2 reminders: 1 due now, 1 not yet due, 0 past their time")
                .contains("nothing sent");
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();

        CliProcess.Result sent = CliProcess.run(env, null, "enqueue", "--format", "hl7v2", "--time-zone",
                "America/New_York", "--skip-invalid", file.toString());
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.stdout()).contains("Sent 1 message; 1 invalid skipped; 0 failed");
        String reminderId = appointment + "/72h/"
                + DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").format(start.withZoneSameInstant(ZoneId.of("UTC")));

        Ledger ledger = new Ledger(aws, stack);
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(reminderId).filter("SMS_SENT"::equals).isPresent());
            // The interface engine delivers the same message again: the same reminderId, no second text.
            CliProcess.Result again = CliProcess.run(env, null, "enqueue", "--format", "hl7v2", "--time-zone",
                    "America/New_York", "--skip-invalid", file.toString());
            assertThat(again.exitCode()).as(again.toString()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        }
        assertThat(front.sentSms()).filteredOn(sms -> sms.phoneNumber().equals(ana.phone())).hasSize(1);
        assertNoPatientData(List.of(refused, sent), List.of(ana, noMobile));
    }

    @Test
    void anS12ThenAnS15InOneInputSendNoReminderAndTheWorkerStopsTheBookingIfItComesAgain(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "cli-hl7v2-cancel");
        Patient cancelled = Patient.fresh();
        Patient kept = Patient.fresh();
        ZonedDateTime start = ZonedDateTime.now(NEW_YORK).plusHours(30).truncatedTo(ChronoUnit.HOURS);
        String cancelledId = "IT-C-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String keptId = "IT-K-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        ZonedDateTime bookedAt = ZonedDateTime.now(NEW_YORK).minusMinutes(5);
        String bookings = siu("S12", "IT-S12-" + cancelledId, cancelledId, start, bookedAt, cancelled, "CP")
                + siu("S12", "IT-S12-" + keptId, keptId, start, bookedAt, kept, "CP");
        // Made a minute after the booking, as the EHR's clock says: the newer message wins.
        String cancellation = siu("S15", "IT-S15-" + cancelledId, cancelledId, start, bookedAt.plusMinutes(1),
                cancelled, "CP");
        Path dayFile = Files.createTempFile("siu-day", ".hl7");
        Files.writeString(dayFile, bookings + cancellation);
        Path bookingsAgain = Files.createTempFile("siu-s12-again", ".hl7");
        Files.writeString(bookingsAgain, bookings);
        Map<String, String> env = WorkerFixture.environment(endpoints, stack);
        String suffix = "/72h/" + DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
                .format(start.withZoneSameInstant(ZoneId.of("UTC")));
        Ledger ledger = new Ledger(aws, stack);

        // The interface engine's file of the day holds the bookings and, further on, one's cancellation.
        CliProcess.Result day = CliProcess.run(env, null, "enqueue", "--format", "hl7v2", "--time-zone",
                "America/New_York", dayFile.toString());
        assertThat(day.exitCode()).as(day.toString()).isZero();
        assertThat(day.stdout()).contains("1 change and 4 reminders: 1 due now, 1 not yet due, 0 past their time, "
                + "2 stopped by a cancellation or move in the same input").contains("Sent 2 messages");
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0
                    && ledger.status(keptId + suffix).filter("SMS_SENT"::equals).isPresent()
                    && ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + cancelledId).isPresent());
            assertThat(ledger.status(cancelledId + suffix)).as("never enqueued").isEmpty();

            // The engine replays the bookings alone, after the cancellation: the worker's own check stops it.
            CliProcess.Result again = CliProcess.run(env, null, "enqueue", "--format", "hl7v2", "--time-zone",
                    "America/New_York", bookingsAgain.toString());
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).contains("Sent 2 messages");
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0
                    && ledger.status(cancelledId + suffix).isPresent());
        }
        assertThat(ledger.item(LedgerAttributes.APPOINTMENT_KEY_PREFIX + cancelledId).orElseThrow()
                .get(LedgerAttributes.APPOINTMENT_STATUS).s()).isEqualTo("CANCELLED");
        assertThat(ledger.status(cancelledId + suffix)).contains("CANCELLED");
        assertThat(front.sentSms()).noneMatch(sms -> sms.phoneNumber().equals(cancelled.phone()));
        assertThat(front.sentSms()).filteredOn(sms -> sms.phoneNumber().equals(kept.phone())).hasSize(1);
    }

    @Test
    void aFhirAppointmentWithItsPatientIsTextedThroughTheCli(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "cli-fhir");
        Patient sam = Patient.fresh();
        ZonedDateTime start = ZonedDateTime.now(NEW_YORK).plusHours(30).truncatedTo(ChronoUnit.HOURS);
        String appointment = "it-fhir-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String ndjson = "{\"resourceType\":\"Appointment\",\"id\":\"" + appointment + "\",\"meta\":{\"versionId\":\"1\","
                + "\"lastUpdated\":\"" + ZonedDateTime.now(NEW_YORK).truncatedTo(ChronoUnit.SECONDS)
                .toOffsetDateTime() + "\"},\"status\":\"booked\",\"start\":\"" + start.toOffsetDateTime() + "\","
                + "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p\",\"identifier\":[{\"value\":\"MRN-1\"}],"
                + "\"name\":[{\"given\":[\"" + sam.givenName() + "\"]}],"
                + "\"telecom\":[{\"system\":\"sms\",\"value\":\"" + sam.phone() + "\"}]},"
                + "{\"resourceType\":\"Location\",\"id\":\"l\",\"name\":\"Riverside Clinic\"}],"
                + "\"participant\":[{\"actor\":{\"reference\":\"#p\"}},{\"actor\":{\"reference\":\"#l\"}}]}\n";
        Map<String, String> env = WorkerFixture.environment(endpoints, stack);

        CliProcess.Result sent = CliProcess.run(env, ndjson, "enqueue", "--format", "fhir", "--time-zone",
                "America/New_York", "-");
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.stdout()).contains("1 FHIR resource: 1 mapped").contains("Sent 1 message");

        Ledger ledger = new Ledger(aws, stack);
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        }
        assertThat(front.sentSms()).filteredOn(sms -> sms.phoneNumber().equals(sam.phone())).hasSize(1);
        assertNoPatientData(List.of(sent), List.of(sam));
    }

    /** One SIU message in ER7 made at {@code madeAt} (MSH-7); {@code equipment} is PID-13's XTN-3 (CP: mobile). */
    private static String siu(String event, String controlId, String appointmentId, ZonedDateTime start,
                              ZonedDateTime madeAt, Patient patient, String equipment) {
        String now = HL7_TIME.format(madeAt.truncatedTo(ChronoUnit.SECONDS));
        String begins = HL7_TIME.format(start);
        String status = event.equals("S15") ? "Cancelled" : "Booked";
        String national = patient.phone().substring(2);
        return String.join("\r",
                "MSH|^~\\&|SCHEDULER|RIVERSIDE|REMINDERS|AR|" + now + "||SIU^" + event + "^SIU_S12|" + controlId
                        + "|P|2.5.1",
                "SCH||" + appointmentId + "|||||||30|min|^^30^" + begins + "||||||(202)555-0100||||||||" + status,
                "TQ1|1||||||" + begins,
                "PID|1||" + appointmentId + "-P^^^RIV^MR||Tester^" + patient.givenName() + "||||||||^PRN^"
                        + equipment + "^^1^" + national.substring(0, 3) + "^" + national.substring(3),
                "RGS|1",
                "AIL|1||RVS^^^RIVERSIDE^^^^^Riverside Clinic, 2nd floor") + "\r";
    }

    private static void assertNoPatientData(List<CliProcess.Result> results, List<Patient> patients) {
        for (CliProcess.Result result : results) {
            String printed = result.stdout() + result.stderr();
            for (Patient patient : patients) {
                assertThat(printed).doesNotContain(patient.phone()).doesNotContain(patient.phone().substring(2))
                        .doesNotContain(patient.givenName());
            }
        }
    }

    /** A patient with a distinctive name and a phone of its own, registered for the log scan. */
    private record Patient(String givenName, String phone) {
        static Patient fresh() {
            TestReminders template = TestReminders.reminder();
            String name = template.message().patient().givenName();
            String phone = TestReminders.uniquePhone();
            TestReminders.rememberPatientValue(name);
            TestReminders.rememberPatientValue(phone);
            return new Patient(name, phone);
        }
    }
}
