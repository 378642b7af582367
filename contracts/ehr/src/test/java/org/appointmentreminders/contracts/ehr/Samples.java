package org.appointmentreminders.contracts.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;

/** The sample EHR messages under {@code contracts/examples/hl7v2} and {@code contracts/examples/fhir}. */
final class Samples {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** The mapping the samples are written for: New York, and the Riverside clinic's details. */
    static final MappingConfig RIVERSIDE = MappingConfig.defaults(NEW_YORK).withClinics(Map.of(
            "RIVERSIDE", new MappingConfig.Clinic("Riverside Clinic", "+12025550100", null)));
    private static final ReminderParser PARSER = new ReminderParser();

    private Samples() {
    }

    static Path dir(String kind) {
        // Surefire runs with the module directory (contracts/ehr) as basedir, beside contracts/examples.
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir).resolveSibling("examples").resolve(kind);
    }

    static String read(String kind, String name) {
        try {
            return Files.readString(dir(kind).resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> all(String kind) {
        try (Stream<Path> files = Files.list(dir(kind))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapping's promise: whatever it emits, the contract's parser accepts as it is. */
    static void assertAcceptedByTheContract(List<MappingResult> results) {
        for (MappingResult result : results) {
            for (ContractMessage message : result.messages()) {
                ParseResult parsed = PARSER.parse(message.json());
                assertThat(parsed).as(message.json()).isNotInstanceOf(ParseResult.Invalid.class);
                if (message instanceof ContractMessage.Reminder reminder) {
                    assertThat(parsed).isEqualTo(new ParseResult.Valid(reminder.message()));
                } else if (message instanceof ContractMessage.Change change) {
                    assertThat(parsed).isEqualTo(new ParseResult.ValidChange(change.change()));
                }
            }
        }
    }

    static List<ContractMessage.Reminder> reminders(MappingResult result) {
        return result.messages().stream().filter(ContractMessage.Reminder.class::isInstance)
                .map(ContractMessage.Reminder.class::cast).toList();
    }

    static List<ContractMessage.Change> changes(MappingResult result) {
        return result.messages().stream().filter(ContractMessage.Change.class::isInstance)
                .map(ContractMessage.Change.class::cast).toList();
    }
}
