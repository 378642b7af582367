package org.appointmentreminders.worker.cli;

import java.util.Map;
import org.appointmentreminders.worker.config.ConfigLoader;
import picocli.CommandLine.Option;

/**
 * Which environment's queue, dead-letter queue and ledger a command works on. Each defaults to the worker's own
 * setting of the same thing, read from the variable the worker's configuration maps it to, so on a host or task set
 * up for the worker the CLI needs no options. Region, credentials and endpoints come from the standard AWS variables
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_SQS, ...).
 */
final class Target {
    static final String QUEUE_URL_KEY = "reminders.queue.url";
    static final String DEAD_LETTER_URL_KEY = "reminders.queue.dead-letter-url";
    static final String LEDGER_TABLE_KEY = "reminders.ledger.table";

    /** Read once; tests of the CLI run it as a process with its own environment. */
    private final Map<String, String> environment = System.getenv();

    @Option(names = "--queue-url", paramLabel = "URL",
            description = "The reminder queue (default: $REMINDERS_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--dlq-url", paramLabel = "URL",
            description = "Its dead-letter queue (default: $REMINDERS_QUEUE_DEAD_LETTER_URL).")
    String deadLetterUrl;

    @Option(names = "--ledger-table", paramLabel = "TABLE",
            description = "The outcome ledger table (default: $REMINDERS_LEDGER_TABLE).")
    String ledgerTable;

    String queueUrl() {
        return required(queueUrl, "--queue-url", QUEUE_URL_KEY);
    }

    String deadLetterUrl() {
        return required(deadLetterUrl, "--dlq-url", DEAD_LETTER_URL_KEY);
    }

    String ledgerTable() {
        return required(ledgerTable, "--ledger-table", LEDGER_TABLE_KEY);
    }

    /** The ledger table when one is known; commands that can do without it show less. */
    String ledgerTableOrNull() {
        return orDefault(ledgerTable, LEDGER_TABLE_KEY);
    }

    private String required(String value, String option, String key) {
        String chosen = orDefault(value, key);
        if (chosen == null) {
            throw new UsageProblem("no " + option.substring(2).replace('-', ' ') + ": pass " + option
                    + " or set " + ConfigLoader.variableFor(key));
        }
        return chosen;
    }

    private String orDefault(String value, String key) {
        String chosen = value == null || value.isBlank() ? environment.get(ConfigLoader.variableFor(key)) : value;
        return chosen == null || chosen.isBlank() ? null : chosen;
    }

    /** A problem with how the command was called: printed without a stack trace, exit code 2. */
    static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message);
        }
    }
}
