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
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (its own Failsafe execution) and reads everything they logged, in process
 * and from worker processes: no patient's phone number, email address or name may appear in any line, and nothing
 * that looks like a full phone number or an email address either.
 */
class PhiLogScanIT {
    private static final Path LOGS = TestReminders.PHI_VALUES.getParent();
    private static final Pattern FULL_PHONE = Pattern.compile("\\+\\d{8,15}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    @Test
    void noLogLineOfTheIntegrationSuiteHoldsPatientData() throws IOException {
        Set<String> patientValues = new LinkedHashSet<>(Files.readAllLines(TestReminders.PHI_VALUES));
        List<Path> logs = logFiles();
        assertThat(patientValues).as("patient values handed out by the suite").hasSizeGreaterThan(100);
        assertThat(logs).as("log files written by the suite").isNotEmpty();

        List<String> leaks = new ArrayList<>();
        long outcomeLines = 0;
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("\"outcome\":")) {
                    outcomeLines++;
                }
                for (String value : patientValues) {
                    if (line.contains(value)) {
                        leaks.add(log.getFileName() + ":" + (i + 1) + " holds a patient value");
                    }
                }
                Matcher phone = FULL_PHONE.matcher(line);
                if (phone.find()) {
                    leaks.add(log.getFileName() + ":" + (i + 1) + " holds a full phone number");
                }
                if (EMAIL.matcher(line).find()) {
                    leaks.add(log.getFileName() + ":" + (i + 1) + " holds an email address");
                }
            }
        }
        assertThat(outcomeLines).as("outcome lines scanned").isGreaterThan(100);
        assertThat(leaks).isEmpty();
    }

    private static List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(LOGS)) {
            return files.filter(file -> !file.equals(TestReminders.PHI_VALUES)).sorted().toList();
        }
    }
}
