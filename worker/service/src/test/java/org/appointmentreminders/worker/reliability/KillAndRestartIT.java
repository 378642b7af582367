package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.ScaleScenario;
import org.appointmentreminders.localaws.SentMessages;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.appointmentreminders.worker.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: the worker SIGKILLed at random moments of a 2,000-reminder run and restarted, three times. Every
 * reminder ends final; a reminder can be texted twice only when a kill landed between its publish and its ledger
 * record, and then only once more: the count is reported.
 */
@ExtendWith(LocalAwsExtension.class)
@ScaleScenario("2,000 reminders, the worker SIGKILLed 3 times; 3 to 5 minutes on LocalStack")
class KillAndRestartIT {
    private static final int REMINDERS = 2_000;
    private static final int KILLS = 3;
    /** Messages a worker holds at once: the most that can be caught between a publish and its record. */
    private static final int IN_FLIGHT = 8;

    @Test
    void sigkillThreeTimesLosesNothingAndRepeatsAtMostTheSendsCaughtMidway(
            AwsEndpoints endpoints, AwsClients aws, SentMessages sent) throws Exception {
        // A short visibility timeout and lease, so what a killed worker held comes back within seconds.
        ProvisionedStack stack = Stacks.provision(aws, StackSpec.named("t-kill-" + shortId())
                .withVisibilityTimeout(Duration.ofSeconds(12)));
        List<TestReminders> reminders = new ArrayList<>();
        for (int i = 0; i < REMINDERS; i++) {
            reminders.add(TestReminders.reminder());
        }
        Queues.send(aws, stack.queueUrl(), reminders.stream().map(TestReminders::json).toList());
        Ledger ledger = new Ledger(aws, stack);
        Map<String, String> env = environment(endpoints, stack);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Integer> finalAtKill = new ArrayList<>();

        for (int kill = 0; kill < KILLS; kill++) {
            try (WorkerProcess worker = WorkerProcess.start(env)) {
                long target = (long) REMINDERS * (kill + 1) / (KILLS + 1) + random.nextInt(REMINDERS / 10);
                // Polled gently: a table scan competes with the worker for the emulator. The bound is loose because
                // the suite's other JVMs share the cores: it guards against a stuck worker, not a slow one.
                await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> !worker.isAlive()
                        || finalCount(ledger, reminders) >= target);
                assertThat(worker.isAlive()).as("worker alive before kill %d: %s", kill, worker.output()).isTrue();
                finalAtKill.add((int) finalCount(ledger, reminders));
                worker.kill();
                worker.waitFor(Duration.ofSeconds(10));
            }
        }
        try (WorkerProcess last = WorkerProcess.start(env, "--drain")) {
            assertThat(last.waitFor(Duration.ofMinutes(8))).as("the last worker drains and exits 0").isZero();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Queues.depth(aws, stack.queueUrl()) == 0);

        Map<String, Long> texts = new HashMap<>();
        java.util.Set<String> phones = reminders.stream().map(TestReminders::phone)
                .collect(java.util.stream.Collectors.toSet());
        sent.sentSms().stream().filter(sms -> phones.contains(sms.phoneNumber()))
                .forEach(sms -> texts.merge(sms.phoneNumber(), 1L, Long::sum));
        long duplicates = texts.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(reminders).allSatisfy(r -> assertThat(ledger.status(r.reminderId())).contains("SMS_SENT"));
        assertThat(texts).as("every reminder texted").hasSize(REMINDERS);
        assertThat(texts.values()).as("a repeat happens at most once per reminder").allMatch(n -> n <= 2);
        // Only a send caught between publish and record can repeat: at most what one worker holds at a time.
        assertThat(duplicates).as("repeats, kills at %s final, seed %d", finalAtKill, seed)
                .isLessThanOrEqualTo((long) KILLS * IN_FLIGHT);

        new ScenarioReport("5-sigkill-3-times", REMINDERS, "worker SIGKILLed 3 times at random, restarted")
                .put("finalAtEachKill", finalAtKill).put("outcomes", Map.of("SMS_SENT", REMINDERS))
                .put("duplicates", duplicates).put("lost", 0).put("seed", seed).write();
    }

    private static Map<String, String> environment(AwsEndpoints endpoints, ProvisionedStack stack) {
        return WorkerFixture.processEnvironment(endpoints, stack, Map.of("processing.max-in-flight", IN_FLIGHT,
                "processing.message-budget", "5s", "ledger.lease", "8s"));
    }

    private static long finalCount(Ledger ledger, List<TestReminders> reminders) {
        return ledger.all().stream()
                .filter(item -> LedgerStatus.valueOf(item.get("status").s()).endsReminder()).count();
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
