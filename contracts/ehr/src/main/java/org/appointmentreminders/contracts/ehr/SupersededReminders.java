package org.appointmentreminders.contracts.ehr;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ChangeKind;
import org.appointmentreminders.contracts.ReminderMessage;

/**
 * The reminders of one input that a change in the same input already cancelled or moved. A batch that carries a
 * booking and, further on, its cancellation (an interface engine's file of the day) must not enqueue the booking's
 * reminder: the worker texts whichever message it takes first, and both would be in the queue at once.
 *
 * <p>The rule is the worker's, so that holding a reminder back here never differs from what the worker would have
 * done had it seen the change first: the appointment's latest change (by {@code updatedAt}; at the same instant a
 * cancellation) stops a reminder no newer than it, unless it moved the appointment to the reminder's own start.
 */
public final class SupersededReminders {
    private static final Comparator<AppointmentChange> LATEST = Comparator
            .comparing((AppointmentChange change) -> change.updatedAt().toInstant())
            .thenComparing(change -> change.kind() == ChangeKind.CANCELLED);

    private SupersededReminders() {
    }

    /** The reminderIds, among {@code messages}, that a change among them supersedes. */
    public static Set<String> in(List<ContractMessage> messages) {
        Map<String, AppointmentChange> latest = new HashMap<>();
        for (ContractMessage message : messages) {
            if (message instanceof ContractMessage.Change change) {
                latest.merge(change.change().appointmentId(), change.change(),
                        (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
            }
        }
        Set<String> superseded = new HashSet<>();
        for (ContractMessage message : messages) {
            if (message instanceof ContractMessage.Reminder reminder) {
                AppointmentChange change = latest.get(reminder.message().appointment().id());
                if (change != null && stops(change, reminder.message())) {
                    superseded.add(reminder.id());
                }
            }
        }
        return superseded;
    }

    private static boolean stops(AppointmentChange change, ReminderMessage reminder) {
        var version = reminder.appointment().updatedAt();
        if (version != null && change.updatedAt().toInstant().isBefore(version.toInstant())) {
            return false;
        }
        Instant start = reminder.appointment().start().toInstant();
        return !(change.kind() == ChangeKind.RESCHEDULED && change.newStart().toInstant().equals(start));
    }
}
