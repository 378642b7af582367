package org.appointmentreminders.worker.cli;

import picocli.CommandLine.Option;

/**
 * Which environment's queue, dead-letter queue and ledger a command works on. Each defaults to the variable the
 * worker itself reads, so on a host or task set up for the worker the CLI needs no options. Region, credentials and
 * endpoints come from the standard AWS variables (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_SQS, ...).
 */
final class Target {
    @Option(names = "--queue-url", paramLabel = "URL", defaultValue = "${env:REMINDERS_QUEUE_URL}",
            description = "The reminder queue (default: $REMINDERS_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--dlq-url", paramLabel = "URL", defaultValue = "${env:REMINDERS_QUEUE_DEAD_LETTER_URL}",
            description = "Its dead-letter queue (default: $REMINDERS_QUEUE_DEAD_LETTER_URL).")
    String deadLetterUrl;

    @Option(names = "--ledger-table", paramLabel = "TABLE", defaultValue = "${env:REMINDERS_LEDGER_TABLE}",
            description = "The outcome ledger table (default: $REMINDERS_LEDGER_TABLE).")
    String ledgerTable;

    String queueUrl() {
        return required(queueUrl, "--queue-url", "REMINDERS_QUEUE_URL");
    }

    String deadLetterUrl() {
        return required(deadLetterUrl, "--dlq-url", "REMINDERS_QUEUE_DEAD_LETTER_URL");
    }

    String ledgerTable() {
        return required(ledgerTable, "--ledger-table", "REMINDERS_LEDGER_TABLE");
    }

    private static String required(String value, String option, String variable) {
        if (value == null || value.isBlank()) {
            throw new UsageProblem("no " + option.substring(2).replace('-', ' ') + ": pass " + option
                    + " or set " + variable);
        }
        return value;
    }

    /** A problem with how the command was called: printed without a stack trace, exit code 2. */
    static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message);
        }
    }
}
