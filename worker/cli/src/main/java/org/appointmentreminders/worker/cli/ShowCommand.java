package org.appointmentreminders.worker.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.appointmentreminders.worker.cli.history.LedgerLookup;
import org.appointmentreminders.worker.cli.history.RecordJson;
import org.appointmentreminders.worker.cli.history.ReminderRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "One reminder and its timeline, from the ledger: when it was first handled, texted (and the "
                + "text's id), what the carrier said, the patient's latest reply, whether it was emailed, its "
                + "state, how often it was handled and the error codes. One GetItem by reminderId.",
            "",
            "Shows the masked phone only; never a name, an email address or the text of a message. Exit 1, "
                + "saying what was searched, when the ledger has no such reminder."},
        footerHeading = "%nExamples:%n",
        footer = {"  reminders show clinic-7/appt-1002/24h", "  reminders show clinic-7/appt-1002/24h --json"})
final class ShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REMINDER_ID", description = "The reminderId the EHR gave the reminder.")
    String reminderId;

    @Option(names = "--json", description = "One JSON object, for tools.")
    boolean json;

    @Mixin
    Target target;

    @Override
    public Integer call() {
        String table = target.ledgerTable();
        try (DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            Optional<ReminderRecord> found = new LedgerLookup(dynamoDb, table).reminder(reminderId);
            if (found.isEmpty()) {
                System.err.println("No reminder " + reminderId + " in the ledger (table " + table
                        + ", looked up by reminderId).");
                return RemindersCli.EXIT_FAILED;
            }
            if (json) {
                System.out.println(RecordJson.reminder(found.get()).toPrettyString());
            } else {
                ReminderViews.print(found.get(), System.out);
            }
            return 0;
        }
    }
}
