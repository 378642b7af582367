package org.appointmentreminders.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.appointmentreminders.contracts.PhoneMask;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.cli.history.LedgerLookup;
import org.appointmentreminders.worker.cli.report.ReportReader;
import org.appointmentreminders.worker.ledger.LoopLedger;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.receipts.DeliveryReceipt;
import org.appointmentreminders.worker.replies.InboundReply;
import org.appointmentreminders.worker.replies.ReplyIntent;
import org.appointmentreminders.worker.testing.CliProcess;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestChanges;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code reminders show}, {@code history} and {@code report} run as processes over a ledger the real worker wrote:
 * a known mix of outcomes in two clinics (texted, delivered or not, replied to; emailed; failed; expired; cancelled;
 * capped; rejected). Receipts and replies are recorded by the worker's own ledger code, as its receipt and reply
 * readers would. Every figure printed is checked against the mix, in every format; and nothing printed holds a
 * phone number, an email address or a name.
 */
@ExtendWith(LocalAwsExtension.class)
class ShowHistoryReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final OffsetDateTime BOOKED = OffsetDateTime.now(NEW_YORK).minusDays(1).withNano(0);
    private static final String NORTH = "clinic-north";
    private static final String RIVERSIDE = "name:Riverside Clinic";
    private EmulatorFront front;

    @AfterEach
    void clearFaults() {
        if (front != null) {
            front.clearFaults();
        }
    }

    @Test
    void showHistoryAndReportTellTheMixTheWorkerRecorded(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        this.front = front;
        ProvisionedStack stack = Stacks.fresh(aws, "cli-report");
        String patient = "P-" + UUID.randomUUID().toString().substring(0, 8);
        // North (a clinicId): five texts, then an email, a failure, an expiry and a cancellation.
        TestReminders confirmed = north().patientId(patient);
        TestReminders reschedule = north();
        TestReminders undeliverable = north();
        TestReminders optedOut = north();
        TestReminders noReceipt = north();
        TestReminders emailed = north().withEmail().patientId(patient);
        TestReminders failed = north();
        TestReminders expired = north().start(ZonedDateTime.now(NEW_YORK).minusHours(3).toOffsetDateTime());
        TestReminders cancelled = north().patientId(patient);
        // Riverside (no clinicId: counted by name): a confirmed text, two for one phone (one capped), an email.
        TestReminders riversideConfirmed = TestReminders.reminder();
        String sharedPhone = TestReminders.uniquePhone();
        TestReminders sameDay1 = TestReminders.reminder().phone(sharedPhone);
        TestReminders sameDay2 = TestReminders.reminder().phone(sharedPhone);
        TestReminders riversideEmailed = TestReminders.reminder().withEmail();
        String rejectedId = "cli-report-rejected-" + UUID.randomUUID().toString().substring(0, 8);
        String rejected = TestReminders.reminder().reminderId(rejectedId).json()
                .replaceFirst("\"phone\":\"\\+1\\d+\"", "\"phone\":\"555-0100\"");
        List<TestReminders> all = List.of(confirmed, reschedule, undeliverable, optedOut, noReceipt, emailed, failed,
                expired, cancelled, riversideConfirmed, sameDay1, sameDay2, riversideEmailed);
        for (TestReminders refused : List.of(emailed, failed, riversideEmailed)) {
            front.inject(FaultRule.error("sns", "Publish", "InvalidParameter", 400)
                    .matching("PhoneNumber", refused.phone()));
        }
        Ledger ledger = new Ledger(aws, stack);
        LocalDate dayBefore = LocalDate.now(NEW_YORK);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            Queues.send(aws, stack.queueUrl(), TestChanges.cancelled(cancelled.appointmentId(), BOOKED.plusHours(1)));
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.item(
                    LedgerAttributes.APPOINTMENT_KEY_PREFIX + cancelled.appointmentId()).isPresent());
            List<String> bodies = new ArrayList<>(all.stream().map(TestReminders::json).toList());
            bodies.add(rejected);
            Queues.send(aws, stack.queueUrl(), bodies);
            await().atMost(Duration.ofSeconds(60)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0
                    && all.stream().allMatch(r -> ledger.status(r.reminderId()).filter(s -> !s.equals("CLAIMED"))
                    .isPresent()));

            // What the carriers and the patients said, recorded as the receipt and reply readers record it.
            LoopLedger loop = worker.get(LoopLedger.class);
            receipt(loop, ledger, confirmed, "TEXT_DELIVERED");
            receipt(loop, ledger, reschedule, "TEXT_DELIVERED");
            receipt(loop, ledger, undeliverable, "TEXT_CARRIER_UNREACHABLE");
            receipt(loop, ledger, optedOut, "TEXT_DELIVERED");
            receipt(loop, ledger, riversideConfirmed, "TEXT_DELIVERED");
            reply(loop, ledger, confirmed, ReplyIntent.CONFIRMED);
            reply(loop, ledger, reschedule, ReplyIntent.RESCHEDULE_REQUESTED);
            reply(loop, ledger, optedOut, ReplyIntent.OPTED_OUT);
            reply(loop, ledger, riversideConfirmed, ReplyIntent.CONFIRMED);
        }
        LocalDate dayAfter = LocalDate.now(NEW_YORK);
        assertThat(ledger.status(emailed.reminderId())).contains("EMAIL_SENT");
        assertThat(ledger.status(failed.reminderId())).contains("FAILED");
        assertThat(ledger.status(expired.reminderId())).contains("EXPIRED");
        assertThat(ledger.status(cancelled.reminderId())).contains("CANCELLED");
        assertThat(List.of(ledger.status(sameDay1.reminderId()).orElseThrow(),
                ledger.status(sameDay2.reminderId()).orElseThrow())).containsExactlyInAnyOrder("SMS_SENT", "CAPPED");
        assertThat(ledger.status(rejectedId)).contains("REJECTED");
        Map<String, String> env = WorkerFixture.environment(endpoints, stack);
        List<CliProcess.Result> printed = new ArrayList<>();
        // From here the only AWS calls are the commands' (and the test's own GetItems of the ledger).
        front.resetCalls();

        // show: one reminder's timeline, for a person and for tools.
        CliProcess.Result show = run(printed, env, "show", confirmed.reminderId());
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.stdout())
                .containsPattern("reminder\\s+" + confirmed.reminderId())
                .containsPattern("patient\\s+" + patient)
                .containsPattern("clinic\\s+" + NORTH + "\\s+\\(report day \\d{4}-\\d\\d-\\d\\d\\)")
                .containsPattern("phone\\s+" + java.util.regex.Pattern.quote(PhoneMask.mask(confirmed.phone())))
                .containsPattern("state\\s+SMS_SENT: texted")
                .containsPattern("delivery\\s+DELIVERED \\(TEXT_DELIVERED\\)")
                .containsPattern("reply\\s+CONFIRMED")
                .containsPattern("handled\\s+1 time, 1 text tried")
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+received\\s+first handled by a worker")
                .containsPattern("texted\\s+SMS accepted, message id \\S+")
                .containsPattern("delivered\\s+carrier: TEXT_DELIVERED")
                .containsPattern("reply\\s+CONFIRMED");
        JsonNode shown = json(run(printed, env, "show", confirmed.reminderId(), "--json"));
        assertThat(shown.get("status").asText()).isEqualTo("SMS_SENT");
        assertThat(shown.get("clinic").asText()).isEqualTo(NORTH);
        assertThat(shown.get("delivery").asText()).isEqualTo("DELIVERED");
        assertThat(shown.get("reply").asText()).isEqualTo("CONFIRMED");
        assertThat(shown.get("maskedPhone").asText()).isEqualTo(PhoneMask.mask(confirmed.phone()));
        assertThat(shown.get("handled").asLong()).isEqualTo(1);
        assertThat(shown.get("textsTried").asLong()).isEqualTo(1);
        assertThat(shown.get("smsMessageId").asText())
                .isEqualTo(ledger.item(confirmed.reminderId()).orElseThrow().get(LedgerAttributes.SMS_MESSAGE_ID).s());
        assertThat(shown.get("timeline").findValuesAsText("event"))
                .containsExactly("received", "texted", "delivered", "reply", "last update");

        JsonNode emailedJson = json(run(printed, env, "show", emailed.reminderId(), "--json"));
        assertThat(emailedJson.get("status").asText()).isEqualTo("EMAIL_SENT");
        assertThat(emailedJson.get("channel").asText()).isEqualTo("EMAIL");
        assertThat(emailedJson.get("errorCode").asText()).isEqualTo("InvalidParameter");
        assertThat(emailedJson.get("smsRefusedForGood").asBoolean()).isTrue();
        assertThat(emailedJson.get("emailMessageId").isNull()).isFalse();
        assertThat(emailedJson.get("timeline").findValuesAsText("event")).containsExactly("received", "last update");

        CliProcess.Result showRejected = run(printed, env, "show", rejectedId);
        assertThat(showRejected.stdout()).containsPattern("state\\s+REJECTED: the message broke the "
                + "contract \\(dead-letter queue\\); error invalid_phone");

        CliProcess.Result missing = run(printed, env, "show", "no-such-reminder");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).contains("No reminder no-such-reminder in the ledger (table "
                + stack.ledgerTable() + ", looked up by reminderId).");

        // history: the patient's three reminders; the cancelled appointment's one.
        CliProcess.Result history = run(printed, env, "history", "--patient", patient);
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.stdout()).startsWith("3 reminders for patient " + patient + " (table "
                        + stack.ledgerTable() + ", index patient-index):")
                .containsPattern(confirmed.reminderId() + "\\s+" + confirmed.appointmentId() + "\\s+" + NORTH
                        + "\\s+SMS_SENT\\s+SMS\\s+DELIVERED\\s+CONFIRMED\\s+1\\s+-")
                .containsPattern(emailed.reminderId() + "\\s+" + emailed.appointmentId() + "\\s+" + NORTH
                        + "\\s+EMAIL_SENT\\s+EMAIL\\s+-\\s+-\\s+1\\s+InvalidParameter")
                .containsPattern(cancelled.reminderId() + "\\s+" + cancelled.appointmentId() + "\\s+" + NORTH
                        + "\\s+CANCELLED\\s+NONE\\s+-\\s+-\\s+1\\s+-")
                .contains("== " + confirmed.reminderId(), "== " + emailed.reminderId(), "== " + cancelled.reminderId());
        JsonNode patientJson = json(run(printed, env, "history", "--patient", patient, "--since", "1d", "--json"));
        assertThat(patientJson.get("reminders").findValuesAsText("reminderId")).containsExactlyInAnyOrder(
                confirmed.reminderId(), emailed.reminderId(), cancelled.reminderId());
        assertThat(patientJson.get("reminders").findValuesAsText("status"))
                .containsExactlyInAnyOrder("SMS_SENT", "EMAIL_SENT", "CANCELLED");

        String tomorrow = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        CliProcess.Result none = run(printed, env, "history", "--patient", patient, "--since", tomorrow);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("No reminders found for patient " + patient + " since " + tomorrow
                + "T00:00:00Z (table " + stack.ledgerTable() + ", index patient-index).");

        CliProcess.Result byAppointment = run(printed, env, "history", "--appointment", cancelled.appointmentId());
        assertThat(byAppointment.exitCode()).as(byAppointment.toString()).isZero();
        assertThat(byAppointment.stdout())
                .contains("1 reminder for appointment " + cancelled.appointmentId())
                .containsPattern("Appointment " + cancelled.appointmentId() + ": CANCELLED by the EHR's change of "
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; 1 change applied")
                .containsPattern("state\\s+CANCELLED: not sent: the appointment was cancelled");
        CliProcess.Result noAppointment = run(printed, env, "history", "--appointment", "appt-none");
        assertThat(noAppointment.exitCode()).isEqualTo(1);
        assertThat(noAppointment.stderr()).contains("No reminders found for appointment appt-none (table "
                + stack.ledgerTable() + ", index appointment-index).");

        // report: per clinic, in every format.
        String from = dayBefore.minusDays(1).toString();
        String to = dayAfter.plusDays(1).toString();
        JsonNode report = json(run(printed, env, "report", "--from", from, "--to", to, "--format", "json"));
        assertThat(report.get("clinics").findValuesAsText("clinic")).containsExactly(NORTH, RIVERSIDE);
        JsonNode north = report.get("clinics").get(0);
        assertFigures(north, 9, 6, 5, 3, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0);
        assertThat(north.get("deliveryRate").asDouble()).isEqualTo(0.6);
        assertThat(north.get("confirmationRate").asDouble()).isEqualTo(0.1667);
        assertThat(north.get("emailShare").asDouble()).isEqualTo(0.1667);
        JsonNode riverside = report.get("clinics").get(1);
        assertFigures(riverside, 4, 3, 2, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0);
        assertThat(riverside.get("deliveryRate").asDouble()).isEqualTo(0.5);
        assertThat(riverside.get("confirmationRate").asDouble()).isEqualTo(0.3333);
        assertFigures(report.get("total"), 13, 9, 7, 4, 1, 2, 2, 1, 1, 1, 1, 1, 1, 0);
        assertThat(report.get("cost").get("queries").asLong()).isEqualTo(dayAfter.toEpochDay()
                - dayBefore.toEpochDay() + 3);
        assertThat(report.get("cost").get("itemsRead").asLong()).as("the rejected message has no day").isEqualTo(13);
        assertThat(report.get("cost").get("readUnits").asDouble()).isPositive();

        CliProcess.Result csv = run(printed, env, "report", "--from", from, "--to", to, "--format", "csv");
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        assertThat(csv.stderr()).contains("Read 13 reminders");
        List<String> lines = csv.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("day,clinic,handled,sent,texted,delivered,undeliverable,emailed,"
                + "confirmed,reschedule_requested,opted_out,suppressed,capped,expired,failed,in_progress,"
                + "delivery_rate,confirmation_rate,email_share");
        if (dayBefore.equals(dayAfter)) {
            assertThat(lines.subList(1, lines.size())).containsExactly(
                    dayAfter + "," + NORTH + ",9,6,5,3,1,1,1,1,1,1,0,1,1,0,0.6000,0.1667,0.1667",
                    dayAfter + "," + RIVERSIDE + ",4,3,2,1,0,1,1,0,0,0,1,0,0,0,0.5000,0.3333,0.3333");
        }

        CliProcess.Result table = run(printed, env, "report", "--from", from, "--to", to);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout())
                .containsPattern("day\\s+clinic\\s+handled\\s+sent\\s+texted\\s+delivered\\s+undeliv\\.\\s+emailed"
                        + "\\s+confirmed\\s+resched\\.\\s+opt-out\\s+suppressed\\s+capped\\s+expired\\s+failed\\s+open"
                        + "\\s+deliv\\. %\\s+conf\\. %\\s+email %")
                .containsPattern("all days\\s+all clinics\\s+13\\s+9\\s+7\\s+4\\s+1\\s+2\\s+2\\s+1\\s+1\\s+1\\s+1"
                        + "\\s+1\\s+1\\s+0\\s+57\\.1%\\s+22\\.2%\\s+22\\.2%")
                .contains("Read 13 reminders");

        Path chart = dir.resolve("north.png");
        CliProcess.Result oneClinic = run(printed, env, "report", "--from", from, "--to", to, "--clinic", NORTH,
                "--chart", chart.toString(), "--format", "json");
        assertThat(oneClinic.exitCode()).as(oneClinic.toString()).isZero();
        JsonNode northOnly = json(oneClinic);
        assertThat(northOnly.get("clinics").findValuesAsText("clinic")).containsExactly(NORTH);
        assertFigures(northOnly.get("total"), 9, 6, 5, 3, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0);
        assertThat(northOnly.get("cost").get("itemsRead").asLong()).as("the index reads one clinic only")
                .isEqualTo(9);
        assertThat(chart).exists();
        assertThat(Files.size(chart)).isPositive();
        assertThat(ImageIO.read(chart.toFile()).getWidth()).isEqualTo(1200);

        // The commands needed no IAM action beyond those the support role grants: no Scan, no write.
        Set<String> granted = new java.util.TreeSet<>(LedgerLookup.ACTIONS);
        granted.addAll(ReportReader.ACTIONS);
        assertThat(front.actions().keySet()).isEqualTo(granted);

        // Nothing printed holds a patient's phone number, email address or name.
        Set<String> forbidden = all.stream().flatMap(r -> java.util.stream.Stream.of(r.phone(), r.email(),
                r.message().patient().givenName())).filter(v -> v != null).collect(Collectors.toSet());
        for (CliProcess.Result result : printed) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(forbidden);
        }
        assertThat(printed).hasSizeGreaterThanOrEqualTo(12);
    }

    /** A clinicId is contract v2: each North reminder is of its appointment as booked. */
    private static TestReminders north() {
        return TestReminders.reminder().clinicId(NORTH).v2(BOOKED);
    }

    private static void receipt(LoopLedger loop, Ledger ledger, TestReminders reminder, String event) {
        String text = ledger.item(reminder.reminderId()).orElseThrow().get(LedgerAttributes.SMS_MESSAGE_ID).s();
        loop.record(new DeliveryReceipt(reminder.reminderId(), text, event, true, Instant.now(), true),
                Optional.empty()).join();
    }

    private static void reply(LoopLedger loop, Ledger ledger, TestReminders reminder, ReplyIntent intent) {
        String text = ledger.item(reminder.reminderId()).orElseThrow().get(LedgerAttributes.SMS_MESSAGE_ID).s();
        assertThat(loop.record(reminder.reminderId(), new InboundReply("in-" + UUID.randomUUID(), reminder.phone(),
                intent, Optional.of(text), Instant.now()), Optional.empty()).join().first()).isTrue();
    }

    /** handled, sent, texted, delivered, undeliverable, emailed, confirmed, rescheduleRequested, optedOut, suppressed,
     *  capped, expired, failed, inProgress. */
    private static void assertFigures(JsonNode figures, long... expected) {
        String[] names = {"handled", "sent", "texted", "delivered", "undeliverable", "emailed", "confirmed",
            "rescheduleRequested", "optedOut", "suppressed", "capped", "expired", "failed", "inProgress"};
        Map<String, Long> actual = new java.util.LinkedHashMap<>();
        Map<String, Long> wanted = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            actual.put(names[i], figures.get(names[i]).asLong());
            wanted.put(names[i], expected[i]);
        }
        assertThat(actual).isEqualTo(wanted);
    }

    private static CliProcess.Result run(List<CliProcess.Result> printed, Map<String, String> env, String... args)
            throws Exception {
        CliProcess.Result result = CliProcess.run(env, null, args);
        printed.add(result);
        return result;
    }

    private static JsonNode json(CliProcess.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return JSON.readTree(result.stdout());
    }
}
