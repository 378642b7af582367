package org.appointmentreminders.worker.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.appointmentreminders.localaws.AwsEndpoints;

/**
 * The figures of one scenario run, written to target/reliability/ for the README's table. A run on endpoints handed
 * in (LocalStack, AWS) writes to target/reliability-given-endpoints/ instead: the table is of the project's emulators.
 */
final class ScenarioReport {
    private static final Path DIRECTORY = Path.of(AwsEndpoints.fromSettings(System.getenv()).isPresent()
            ? "target/reliability-given-endpoints" : "target/reliability");
    private final Map<String, Object> figures = new LinkedHashMap<>();

    ScenarioReport(String scenario, int load, String faults) {
        figures.put("scenario", scenario);
        figures.put("load", load);
        figures.put("faults", faults);
        figures.put("finishedAt", Instant.now().toString());
    }

    ScenarioReport put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    ScenarioReport outcomes(Reconciliation books) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        books.byStatus.forEach((status, count) -> outcomes.put(status.name(), count));
        figures.put("outcomes", outcomes);
        figures.put("sms", books.smsTotal());
        figures.put("emails", books.emailTotal());
        figures.put("deadLettered", books.deadLettered.size());
        return this;
    }

    void write() {
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(figures.get("scenario") + ".json"),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
