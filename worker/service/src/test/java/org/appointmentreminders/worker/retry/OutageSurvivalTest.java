package org.appointmentreminders.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

/** The README's promise about outages is computed from the shipped defaults, not written by hand. */
class OutageSurvivalTest {
    /** The queue module's and the local stacks' default final receive. */
    private static final int DEFAULT_MAX_RECEIVE_COUNT = 5;

    @Test
    void readmeStatesTheOutageTheDefaultsSurvive() throws IOException {
        WorkerConfig config = ConfigLoader.load(Map.of(
                "AWS_REGION", "us-east-1",
                "REMINDERS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/1/q",
                "REMINDERS_QUEUE_DEAD_LETTER_URL", "https://sqs.us-east-1.amazonaws.com/1/q-dlq",
                "REMINDERS_LEDGER_TABLE", "t",
                "REMINDERS_EMAIL_SENDER", "s@example.org",
                "REMINDERS_EMAIL_TEMPLATE_PREFIX", "p"));
        Backoff backoff = new Backoff(config.retry());
        Duration guaranteed = backoff.guaranteedSurvival(DEFAULT_MAX_RECEIVE_COUNT);
        Duration expected = backoff.expectedSurvival(DEFAULT_MAX_RECEIVE_COUNT);

        String readme = Files.readString(repositoryRoot().resolve("README.md"));

        assertThat(readme).contains("at least " + minutes(guaranteed) + " after its first")
                .contains(minutes(expected) + " on average");
    }

    private static String minutes(Duration duration) {
        double minutes = duration.toSeconds() / 60.0;
        return (minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes))
                + " minutes";
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("worker"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above the working directory");
    }
}
