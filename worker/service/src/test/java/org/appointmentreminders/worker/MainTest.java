package org.appointmentreminders.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker's command line as a container runs it: exit codes for a bad and a good configuration. */
class MainTest {
    private static final String QUEUE_URL = "http://127.0.0.1:9324/000000000000/reminders";

    private static Map<String, String> minimalEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("REMINDERS_QUEUE_URL", QUEUE_URL);
        env.put("REMINDERS_QUEUE_DEAD_LETTER_URL", QUEUE_URL + "-dlq");
        env.put("REMINDERS_LEDGER_TABLE", "reminder-ledger");
        env.put("REMINDERS_EMAIL_SENDER", "reminders@example.org");
        env.put("REMINDERS_EMAIL_TEMPLATE_PREFIX", "appointment-reminder");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    @Test
    void mainExitsWithConfigErrorOnAnUnknownVariableAndZeroForAValidCheck() throws Exception {
        Map<String, String> env = minimalEnvironment();
        env.put("REMINDERS_QUEUE_URLL", QUEUE_URL);
        Run bad = runMainCheck(env);
        assertThat(bad.exitCode()).as("stderr: %s", bad.stderr()).isEqualTo(78);
        assertThat(bad.stderr()).contains("REMINDERS_QUEUE_URLL");

        Run good = runMainCheck(minimalEnvironment());
        assertThat(good.exitCode()).as("stderr: %s", good.stderr()).isZero();
    }

    private record Run(int exitCode, String stderr) {
    }

    private static Run runMainCheck(Map<String, String> env) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.appointmentreminders.worker.Main", "--check");
        builder.environment().clear();
        builder.environment().put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker --check did not exit within 60 s");
        }
        return new Run(process.exitValue(), stderr);
    }
}
