package org.appointmentreminders.worker.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.appointmentreminders.worker.cli.history.AppointmentRecord;
import org.appointmentreminders.worker.cli.history.LedgerLookup;
import org.appointmentreminders.worker.cli.history.RecordJson;
import org.appointmentreminders.worker.cli.history.ReminderRecord;
import org.appointmentreminders.worker.cli.history.Since;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Every reminder of a patient, or of an appointment, with its timeline: \"did this patient get "
                + "their reminder?\". One Query on the ledger's patient index (patientId, first handled) or "
                + "appointment index, never a scan; the ledger keeps reminders for its retention (90 days by "
                + "default).",
            "",
            "Shows the masked phone only; never a name, an email address or the text of a message. Exit 1, "
                + "saying what was searched, when nothing is found."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  reminders history --patient P-48213",
            "  reminders history --patient P-48213 --since 30d",
            "  reminders history --appointment appt-1002 --json"})
final class HistoryCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Whose whose;

    static final class Whose {
        @Option(names = "--patient", paramLabel = "ID", required = true,
                description = "The patient's id as the EHR sent it (patient.id).")
        String patientId;

        @Option(names = "--appointment", paramLabel = "ID", required = true,
                description = "The appointment's id as the EHR sent it (appointment.id).")
        String appointmentId;
    }

    @Option(names = "--since", paramLabel = "WHEN",
            description = "With --patient: only reminders first handled from then on: a date (2026-11-30, "
                    + "midnight UTC), an instant (2026-11-30T08:00:00Z) or a time ago (30d, 12h). Default: all "
                    + "the ledger keeps.")
    String since;

    @Option(names = "--json", description = "One JSON object, for tools.")
    boolean json;

    @Mixin
    Target target;

    @Override
    public Integer call() {
        if (since != null && whose.patientId == null) {
            throw new Target.UsageProblem("--since goes with --patient");
        }
        Instant from;
        try {
            from = since == null ? Instant.EPOCH
                    : Since.parse(since, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } catch (IllegalArgumentException e) {
            throw new Target.UsageProblem(e.getMessage());
        }
        String table = target.ledgerTable();
        try (DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            LedgerLookup ledger = new LedgerLookup(dynamoDb, table);
            List<ReminderRecord> found;
            Optional<AppointmentRecord> appointment = Optional.empty();
            String searched;
            if (whose.patientId != null) {
                found = ledger.byPatient(whose.patientId, from);
                searched = "patient " + whose.patientId + (since == null ? "" : " since " + from)
                        + " (table " + table + ", index " + LedgerAttributes.PATIENT_INDEX + ")";
            } else {
                found = ledger.byAppointment(whose.appointmentId);
                appointment = ledger.appointment(whose.appointmentId);
                searched = "appointment " + whose.appointmentId + " (table " + table + ", index "
                        + LedgerAttributes.APPOINTMENT_INDEX + ")";
            }
            if (json) {
                ObjectNode root = RecordJson.object();
                root.put("searched", searched);
                if (whose.patientId != null) {
                    root.put("patientId", whose.patientId);
                    root.put("since", since == null ? null : from.toString());
                } else {
                    root.put("appointmentId", whose.appointmentId);
                    if (appointment.isPresent()) {
                        root.set("appointment", RecordJson.appointment(whose.appointmentId, appointment.get()));
                    }
                }
                ArrayNode reminders = root.putArray("reminders");
                found.forEach(record -> reminders.add(RecordJson.reminder(record)));
                System.out.println(root.toPrettyString());
            } else {
                if (!found.isEmpty()) {
                    System.out.println(Table.count(found.size(), "reminder") + " for " + searched + ":");
                    appointment.ifPresent(a -> System.out.println(ReminderViews.appointment(whose.appointmentId, a)));
                    System.out.println();
                    ReminderViews.printAll(found, System.out);
                }
            }
            if (found.isEmpty()) {
                System.err.println("No reminders found for " + searched + ".");
                appointment.ifPresent(a -> System.err.println(ReminderViews.appointment(whose.appointmentId, a)));
                return RemindersCli.EXIT_FAILED;
            }
            return 0;
        }
    }
}
