package org.appointmentreminders.contracts;

import java.util.List;
import java.util.Objects;

/** What {@link ReminderParser} made of a body: a valid message, or the reasons it is not one. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    record Valid(ReminderMessage message) implements ParseResult {
        public Valid {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param violations never empty
     * @param reminderId the message's reminderId when it could be read and is itself valid, else null; lets the
     *                   worker record the refusal under the reminder it belongs to
     */
    record Invalid(List<Violation> violations, String reminderId) implements ParseResult {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }

        /** True when some violation carries the given code. */
        public boolean has(ViolationCode code) {
            return violations.stream().anyMatch(v -> v.code().equals(code.code()));
        }
    }
}
