package org.appointmentreminders.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.EmulatorFront;
import org.appointmentreminders.localaws.FaultRule;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.SentMessages;
import org.appointmentreminders.localaws.SentSms;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.CliProcess;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CLI run as a real process against the emulators: exit codes, stdout and stderr as an operator sees them. */
@ExtendWith(LocalAwsExtension.class)
class RemindersCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private EmulatorFront front;

    @AfterEach
    void clearFaults() {
        if (front != null) {
            front.clearFaults();
        }
    }

    @Test
    void enqueueValidatesEverythingFirstAndResendingTextsNobodyTwice(
            AwsEndpoints endpoints, AwsClients aws, SentMessages sent) throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "cli-enqueue");
        List<TestReminders> good = List.of(TestReminders.reminder(), TestReminders.reminder(),
                TestReminders.reminder());
        String badPhone = TestReminders.reminder().reminderId("cli-bad-phone").json()
                .replaceFirst("\"phone\":\"\\+1\\d+\"", "\"phone\":\"12345\"");
        Path file = Files.createTempFile("reminders", ".jsonl");
        Files.writeString(file, good.get(0).json() + "\n" + badPhone + "\n\n" + good.get(1).json() + "\n"
                + "{\"schemaVersion\":1,\n" + good.get(2).json() + "\n");
        Map<String, String> env = env(endpoints, stack);

        CliProcess.Result refused = CliProcess.run(env, null, "enqueue", file.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("invalid: line 2 (reminderId cli-bad-phone)")
                .contains("$.patient.phone  invalid_phone").contains("invalid: line 5")
                .contains("malformed_json");
        assertThat(refused.stdout()).contains("3 valid, 2 invalid: nothing sent");
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();

        CliProcess.Result dryRun = CliProcess.run(env, null, "enqueue", "--dry-run", "--skip-invalid",
                file.toString());
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.stdout()).contains("would send 3 (dry run, nothing sent)");
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();

        CliProcess.Result enqueued = CliProcess.run(env, null, "enqueue", "--skip-invalid", file.toString());
        assertThat(enqueued.exitCode()).as(enqueued.toString()).isZero();
        assertThat(enqueued.stdout()).contains("Sent 3 reminders; 2 invalid skipped; 0 failed");
        assertThat(enqueued.stderr()).contains("Sending [").contains("3/3 (100%)");

        Ledger ledger = new Ledger(aws, stack);
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> good.stream().allMatch(r ->
                    ledger.status(r.reminderId()).filter("SMS_SENT"::equals).isPresent()));
            // The same file again, as an integration engine retrying after a timeout would.
            CliProcess.Result again = CliProcess.run(env, null, "enqueue", "--skip-invalid", file.toString());
            assertThat(again.exitCode()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        }
        for (TestReminders reminder : good) {
            assertThat(sent.sentSms()).filteredOn(sms -> sms.phoneNumber().equals(reminder.phone())).hasSize(1);
        }
        assertNoPatientData(List.of(refused, dryRun, enqueued), good);
    }

    @Test
    void dlqListShowsRejectedAndFailedMessagesWithoutPatientDataOrConsumingThem(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "cli-dlq");
        this.front = front;
        TestReminders unreachable = TestReminders.reminder();
        front.inject(FaultRule.error("sns", "Publish", "InvalidParameter", 400)
                .matching("PhoneNumber", unreachable.phone()));
        TestReminders rejected = TestReminders.reminder().reminderId("cli-rejected").withEmail();
        String rejectedBody = rejected.json().replace("\"schemaVersion\":1", "\"schemaVersion\":7");
        Queues.send(aws, stack.queueUrl(), List.of(unreachable.json(), rejectedBody));
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.deadLetterQueueUrl()) == 2);
        }
        Map<String, String> env = env(endpoints, stack);

        CliProcess.Result table = CliProcess.run(env, null, "dlq", "list");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).containsPattern("cli-rejected\\s+rejected\\s+unsupported_schema_version")
                .containsPattern(unreachable.reminderId() + "\\s+failed\\s+no_email:InvalidParameter\\s+\\d+\\s+\\S+"
                        + "\\s+FAILED")
                .contains("2 shown");

        CliProcess.Result json = CliProcess.run(env, null, "dlq", "list", "--json");
        JsonNode rows = JSON.readTree(json.stdout());
        assertThat(rows).hasSize(2);
        assertThat(rows.findValuesAsText("kind")).containsExactlyInAnyOrder("rejected", "failed");
        assertThat(Queues.depth(aws, stack.deadLetterQueueUrl())).as("listing consumes nothing").isEqualTo(2);

        CliProcess.Result dryRun = CliProcess.run(env, null, "dlq", "redrive", "--dry-run");
        assertThat(dryRun.stdout()).contains("2 messages in the dead-letter queue: 1 failed, 1 rejected. Would move 1");

        front.clearFaults();
        CliProcess.Result redrive = CliProcess.run(env, null, "dlq", "redrive");
        assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
        assertThat(redrive.stdout()).contains("Moved 1 message back to the reminder queue; 1 rejected left in place");
        assertThat(Queues.depth(aws, stack.deadLetterQueueUrl())).isEqualTo(1);
        assertThat(Queues.depth(aws, stack.queueUrl())).isEqualTo(1);

        assertNoPatientData(List.of(table, json, dryRun, redrive), List.of(unreachable, rejected));
    }

    @Test
    void redriveOfFiveHundredWhileTheWorkerRunsEndsWithEveryReminderFinalAndNoSecondSms(
            AwsEndpoints endpoints, AwsClients aws, EmulatorFront front) throws Exception {
        this.front = front;
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-cli-redrive-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)).withMaxReceiveCount(2));
        Map<String, String> env = env(endpoints, stack);
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            reminders.add(TestReminders.reminder().withEmail());
        }
        Set<String> phones = reminders.stream().map(TestReminders::phone).collect(Collectors.toSet());
        // An SMS outage, and the email fallback unavailable too (not throttled: a throttled final receive goes back to the
        // queue as a new message): everything ends in the dead-letter queue.
        front.inject(FaultRule.error("sns", "Publish", "InternalError", 500));
        front.inject(FaultRule.error("ses", "SendTemplatedEmail", "ServiceUnavailable", 503));
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);
        Map<String, Object> settings = Map.of("processing.max-in-flight", 16, "retry.base-delay", "1s");

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, settings)) {
            await().atMost(Duration.ofSeconds(180)).until(() ->
                    Queues.depth(aws, stack.deadLetterQueueUrl()) == 500 && Queues.depth(aws, stack.queueUrl()) == 0);
            assertThat(reminders).allSatisfy(r -> assertThat(ledger.status(r.reminderId())).contains("FAILED"));

            front.clearFaults();
            CliProcess.Result redrive = CliProcess.run(env, null, "dlq", "redrive", "--rate", "100");
            assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
            assertThat(redrive.stdout()).contains("Moved 500 messages back to the reminder queue");

            await().atMost(Duration.ofSeconds(180)).until(() -> reminders.stream().allMatch(r ->
                    ledger.status(r.reminderId()).filter(s -> LedgerStatus.valueOf(s).endsReminder()).isPresent()));
        }
        assertThat(Queues.depth(aws, stack.deadLetterQueueUrl())).isZero();
        assertThat(Queues.depth(aws, stack.queueUrl())).isZero();
        assertThat(reminders).allSatisfy(r -> assertThat(ledger.status(r.reminderId())).contains("SMS_SENT"));
        List<SentSms> texts = front.sentSms().stream().filter(sms -> phones.contains(sms.phoneNumber())).toList();
        assertThat(texts).hasSize(500).extracting(SentSms::phoneNumber).doesNotHaveDuplicates();

        CliProcess.Result status = CliProcess.run(env, null, "status", "--json");
        JsonNode figures = JSON.readTree(status.stdout());
        assertThat(figures.get("waiting").asLong()).isZero();
        assertThat(figures.get("deadLettered").asLong()).isZero();
        assertThat(figures.get("outcomes").get("SMS_SENT").asLong()).isEqualTo(500);
        assertThat(figures.get("outcomes").get("FAILED").asLong()).isZero();
    }

    @Test
    void statusFiguresMatchTheQueuesAndTheLedger(
            AwsEndpoints endpoints, AwsClients aws) throws Exception {
        ProvisionedStack stack = Stacks.fresh(aws, "cli-status");
        TestReminders texted = TestReminders.reminder();
        TestReminders expired = TestReminders.reminder().inThePast();
        Queues.send(aws, stack.queueUrl(), List.of(texted.json(), expired.json(), "not json"));
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);
        }
        Queues.send(aws, stack.queueUrl(), List.of(TestReminders.reminder().json(), TestReminders.reminder().json()));
        Map<String, String> env = env(endpoints, stack);

        CliProcess.Result json = CliProcess.run(env, null, "status", "--json", "--hours", "1");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode figures = JSON.readTree(json.stdout());
        assertThat(figures.get("waiting").asLong()).isEqualTo(2);
        assertThat(figures.get("inFlight").asLong()).isZero();
        assertThat(figures.get("deadLettered").asLong()).isEqualTo(1);
        assertThat(figures.get("outcomes").get("SMS_SENT").asLong()).isEqualTo(1);
        assertThat(figures.get("outcomes").get("EXPIRED").asLong()).isEqualTo(1);
        assertThat(figures.get("outcomes").get("REJECTED").asLong()).isEqualTo(1);
        assertThat(figures.get("outcomes").get("EMAIL_SENT").asLong()).isZero();

        CliProcess.Result table = CliProcess.run(env, null, "status");
        assertThat(table.stdout()).containsPattern("reminders\\s+2\\s+0\\s+0")
                .containsPattern("dead-letter\\s+1\\s+0\\s+0").containsPattern("SMS_SENT\\s+1");
    }

    @Test
    void usageProblemsExitTwoWithAClearMessage(AwsEndpoints endpoints) throws Exception {
        Map<String, String> env = new HashMap<>(endpoints.asEnvironment());

        CliProcess.Result noQueue = CliProcess.run(env, "[]", "enqueue", "-");
        assertThat(noQueue.exitCode()).isEqualTo(2);
        assertThat(noQueue.stderr()).contains("no reminders in the input");

        CliProcess.Result missing = CliProcess.run(env, null, "dlq", "list");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("error: no dlq url: pass --dlq-url or set REMINDERS_QUEUE_DEAD_LETTER_URL");

        CliProcess.Result unknown = CliProcess.run(env, null, "dlq", "purge");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Unmatched argument");
    }

    private static Map<String, String> env(AwsEndpoints endpoints, ProvisionedStack stack) {
        return WorkerFixture.environment(endpoints, stack);
    }

    private static void assertNoPatientData(List<CliProcess.Result> results, List<TestReminders> reminders) {
        for (CliProcess.Result result : results) {
            String printed = result.stdout() + result.stderr();
            for (TestReminders reminder : reminders) {
                assertThat(printed).doesNotContain(reminder.phone());
                if (reminder.email() != null) {
                    assertThat(printed).doesNotContain(reminder.email());
                }
                assertThat(printed).doesNotContain(reminder.message().patient().givenName());
            }
        }
    }
}
