package org.appointmentreminders.worker.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.appointmentreminders.worker.testing.TestReminders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (its own Failsafe execution) and reads everything they logged, in process
 * and from worker processes: no patient's phone number, email address or name may appear in any line, and nothing
 * that looks like a full phone number or an email address either. It judges what ran, however much that was (one
 * class, or a backend where tests were skipped), and proves it read the logs of that run: among the outcome lines it
 * scanned are outcomes of reminders the run handed out.
 */
class PhiLogScanIT {
    private static final Path LOGS = TestReminders.PHI_VALUES.getParent();
    private static final Pattern FULL_PHONE = Pattern.compile("\\+\\d{8,15}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern OUTCOME_REMINDER = Pattern.compile("\"reminderId\":\"([^\"]+)\"");

    @Test
    void noLogLineOfTheIntegrationSuiteHoldsPatientData() throws IOException {
        Set<String> patientValues = lines(TestReminders.PHI_VALUES);
        Assumptions.assumeFalse(patientValues.isEmpty(),
                "no integration test of this run handed out patient data, so no log can hold any");
        Set<String> reminderIds = lines(TestReminders.REMINDER_IDS);
        List<Path> logs = logFiles();
        assertThat(logs).as("log files written by the suite").isNotEmpty();

        List<String> leaks = new ArrayList<>();
        long scanned = 0;
        long outcomeLines = 0;
        long outcomesOfThisRun = 0;
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                scanned++;
                if (line.contains("\"outcome\":")) {
                    outcomeLines++;
                    Matcher id = OUTCOME_REMINDER.matcher(line);
                    if (id.find() && reminderIds.contains(id.group(1))) {
                        outcomesOfThisRun++;
                    }
                }
                for (String value : patientValues) {
                    if (line.contains(value)) {
                        leaks.add(log.getFileName() + ":" + (i + 1) + " holds a patient value");
                    }
                }
                if (FULL_PHONE.matcher(line).find()) {
                    leaks.add(log.getFileName() + ":" + (i + 1) + " holds a full phone number");
                }
                if (EMAIL.matcher(line).find()) {
                    leaks.add(log.getFileName() + ":" + (i + 1) + " holds an email address");
                }
            }
        }
        System.out.printf("PHI log scan: %d lines in %d files against %d patient values; %d outcome lines, %d of them"
                + " for reminders the tests handed out; %d leaks%n", scanned, logs.size(), patientValues.size(),
                outcomeLines, outcomesOfThisRun, leaks.size());
        assertThat(outcomesOfThisRun).as("outcome lines of reminders this run handed out").isPositive();
        assertThat(leaks).isEmpty();
    }

    private static Set<String> lines(Path file) throws IOException {
        return Files.exists(file) ? new LinkedHashSet<>(Files.readAllLines(file)) : Set.of();
    }

    private static List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(LOGS)) {
            return files.filter(file -> !file.equals(TestReminders.PHI_VALUES)
                    && !file.equals(TestReminders.REMINDER_IDS)).sorted().toList();
        }
    }
}
