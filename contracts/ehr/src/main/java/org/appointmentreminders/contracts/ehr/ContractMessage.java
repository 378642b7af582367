package org.appointmentreminders.contracts.ehr;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.ReminderMessage;

/**
 * One message for the reminder queue, made from an EHR's message: its wire form, which {@code ReminderParser} has
 * already accepted, and the record it parses to.
 */
public sealed interface ContractMessage permits ContractMessage.Reminder, ContractMessage.Change {

    /** The reminderId or changeId. */
    String id();

    /** The body to enqueue. */
    String json();

    /**
     * @param dueAt when the reminder should be texted (its time before the start). The contract has no such field:
     *              the worker texts a reminder as soon as it receives it (within its send window), so
     *              whoever enqueues holds it until then.
     */
    record Reminder(ReminderMessage message, String json, OffsetDateTime dueAt) implements ContractMessage {
        public Reminder {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(dueAt, "dueAt");
        }

        @Override
        public String id() {
            return message.reminderId();
        }
    }

    record Change(AppointmentChange change, String json) implements ContractMessage {
        public Change {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String id() {
            return change.changeId();
        }
    }
}
