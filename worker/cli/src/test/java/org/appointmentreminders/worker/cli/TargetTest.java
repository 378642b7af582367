package org.appointmentreminders.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TargetTest {
    private static final Map<String, String> OPTION_KEYS = Map.of(
            "--queue-url", Target.QUEUE_URL_KEY,
            "--dlq-url", Target.DEAD_LETTER_URL_KEY,
            "--ledger-table", Target.LEDGER_TABLE_KEY);

    @Test
    void eachOptionDefaultsToAWorkerSettingAndItsHelpNamesThatSettingsVariable() {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.forAnnotatedObject(new Target());
        OPTION_KEYS.forEach((option, key) -> {
            assertThat(ConfigLoader.knownKeys()).as("%s reads a key the worker knows", option).contains(key);
            assertThat(String.join(" ", spec.findOption(option).description()))
                    .contains("$" + ConfigLoader.variableFor(key));
        });
        assertThat(spec.options()).hasSize(OPTION_KEYS.size());
    }
}
