package org.appointmentreminders.worker.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.appointmentreminders.worker.cli.history.AppointmentRecord;
import org.appointmentreminders.worker.cli.history.ReminderRecord;

/** Reminders as a person reads them: the facts, then the timeline; times in UTC. */
final class ReminderViews {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private ReminderViews() {
    }

    static void print(ReminderRecord record, PrintStream out) {
        line(out, "reminder", record.reminderId());
        line(out, "appointment", record.appointmentId());
        line(out, "patient", record.patientId());
        line(out, "clinic", record.clinic() == null ? null
                : record.clinic() + (record.reportDay() == null ? "" : "  (report day " + record.reportDay() + ")"));
        line(out, "phone", record.maskedPhone());
        line(out, "state", record.summary());
        line(out, "channel", record.channel());
        line(out, "delivery", record.delivery() == null ? null : record.delivery()
                + (record.deliveryEvent() == null ? "" : " (" + record.deliveryEvent() + ")"));
        line(out, "reply", record.reply() == null ? null : record.reply()
                + (record.replies() > 1 ? " (latest of " + record.replies() + ")" : ""));
        line(out, "handled", Table.count(record.handled(), "time") + ", " + Table.count(record.textsTried(), "text")
                + " tried");
        out.println();
        Table timeline = new Table("when (UTC)", "event", "detail");
        for (ReminderRecord.Event event : record.timeline()) {
            timeline.row(when(event.at()), event.what(), event.detail());
        }
        timeline.print(out);
    }

    /** One row per reminder, oldest first, then each one's timeline. */
    static void printAll(List<ReminderRecord> records, PrintStream out) {
        Table table = new Table("received (UTC)", "reminderId", "appointment", "clinic", "status", "channel",
                "delivery", "reply", "handled", "error");
        for (ReminderRecord r : records) {
            table.row(when(r.receivedAt()), r.reminderId(), r.appointmentId(), r.clinic(), r.status(), r.channel(),
                    r.delivery(), r.reply(), r.handled(), r.errorCode());
        }
        table.print(out);
        for (ReminderRecord record : records) {
            out.println();
            out.println("== " + record.reminderId());
            print(record, out);
        }
    }

    static String appointment(String appointmentId, AppointmentRecord appointment) {
        StringBuilder line = new StringBuilder("Appointment ").append(appointmentId).append(": ")
                .append(appointment.status() == null ? "no status" : appointment.status());
        if (appointment.changedAt() != null) {
            line.append(" by the EHR's change of ").append(when(appointment.changedAt())).append(" UTC");
        }
        line.append("; ").append(Table.count(appointment.changes().size(), "change")).append(" applied");
        return line.toString();
    }

    static String when(Instant at) {
        return at == null ? null : WHEN.format(at);
    }

    private static void line(PrintStream out, String label, Object value) {
        out.printf("%-12s %s%n", label, value == null ? "-" : value);
    }
}
