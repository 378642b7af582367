package org.appointmentreminders.contracts;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ReminderParser} made of a body: a valid reminder, a valid appointment change (v2), or the reasons it is
 * neither.
 */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.ValidChange, ParseResult.Invalid {

    /**
     * The id the message goes by: a reminder's reminderId, a change's changeId; for an invalid message, whichever
     * could be read, else null.
     */
    String id();

    /** The contract version of a valid message, for the message attribute senders set; 0 when invalid. */
    default int schemaVersion() {
        if (this instanceof Valid valid) {
            return valid.message().schemaVersion();
        }
        return this instanceof ValidChange ? ReminderMessage.SCHEMA_VERSION_2 : 0;
    }

    record Valid(ReminderMessage message) implements ParseResult {
        public Valid {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String id() {
            return message.reminderId();
        }
    }

    record ValidChange(AppointmentChange change) implements ParseResult {
        public ValidChange {
            Objects.requireNonNull(change, "change");
        }

        @Override
        public String id() {
            return change.changeId();
        }
    }

    /**
     * @param violations never empty
     * @param reminderId the message's reminderId (or a change's changeId) when it could be read and is itself
     *                   valid, else null; lets the worker record the refusal under the message it belongs to
     */
    record Invalid(List<Violation> violations, String reminderId) implements ParseResult {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }

        @Override
        public String id() {
            return reminderId;
        }

        /** True when some violation carries the given code. */
        public boolean has(ViolationCode code) {
            return violations.stream().anyMatch(v -> v.code().equals(code.code()));
        }
    }
}
