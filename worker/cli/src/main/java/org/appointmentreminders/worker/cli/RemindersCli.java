package org.appointmentreminders.worker.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code reminders}: what integrators and on-call need besides the worker itself. */
@Command(
        name = "reminders",
        mixinStandardHelpOptions = true,
        version = "reminders 0.1.0",
        subcommands = {EnqueueCommand.class, DlqCommand.class, StatusCommand.class, ShowCommand.class,
                HistoryCommand.class, ReportCommand.class, CommandLine.HelpCommand.class},
        description = {
            "Enqueue appointment reminders, look into and redrive the dead-letter queue, see how the "
                + "reminder service is doing, look up a reminder or a patient's reminders, and report per "
                + "clinic and day. Never prints a patient's phone number, email address or name."},
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  REMINDERS_QUEUE_URL, REMINDERS_QUEUE_DEAD_LETTER_URL, REMINDERS_LEDGER_TABLE",
            "      Defaults for --queue-url, --dlq-url and --ledger-table: the worker's own settings.",
            "  AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_SQS, ...",
            "      The standard AWS SDK settings for region, credentials and endpoints.",
            "",
            "Exit codes:",
            "  0  done",
            "  1  an AWS call failed, some messages could not be sent, or show/history found nothing (see stderr)",
            "  2  bad input or usage: invalid reminders, a missing option",
            "",
            "Examples:",
            "  reminders enqueue appointments.jsonl",
            "  reminders dlq list --max 20",
            "  reminders dlq redrive --rate 10",
            "  reminders status --hours 6",
            "  reminders show clinic-7/appt-1002/24h",
            "  reminders history --patient P-48213 --since 30d",
            "  reminders report --from 2026-11-01 --to 2026-11-30 --chart november.png"})
public final class RemindersCli implements Runnable {
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new RemindersCli())
                .setExecutionExceptionHandler(RemindersCli::handle)
                .setUsageHelpAutoWidth(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof Target.UsageProblem) {
            err.println("error: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (e instanceof SdkException) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Unable to load region")) {
                err.println("error: no AWS region: set AWS_REGION (or AWS_PROFILE with a region)");
            } else if (message.startsWith("Unable to load credentials")) {
                err.println("error: no AWS credentials: set AWS_PROFILE, or run where a role is available");
            } else {
                err.println("error: an AWS call failed: " + message);
            }
            return EXIT_FAILED;
        }
        err.println("error: " + e);
        return EXIT_FAILED;
    }
}
