package org.appointmentreminders.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        subcommands = {DlqListCommand.class, DlqRedriveCommand.class, CommandLine.HelpCommand.class},
        description = {
            "Look into the dead-letter queue and move its messages back to the reminder queue.",
            "",
            "Messages land there for two reasons: they break the message contract (rejected: the "
                + "worker sent them at once, with the violation codes), or neither SMS nor email got "
                + "through in time (failed: after an outage, or a patient without an email address whose "
                + "number is refused). After fixing the cause, redrive the failed ones; the worker's ledger "
                + "makes sure nobody is texted twice."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  reminders dlq list",
            "  reminders dlq redrive --dry-run",
            "  reminders dlq redrive --rate 20",
            "  reminders dlq redrive --status"})
final class DlqCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
