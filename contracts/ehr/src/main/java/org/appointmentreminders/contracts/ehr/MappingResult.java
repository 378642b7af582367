package org.appointmentreminders.contracts.ehr;

import java.util.List;
import java.util.Objects;
import org.appointmentreminders.contracts.Violation;

/**
 * What one EHR message (an SIU message, a FHIR Appointment) became. A message can be partly usable: an S13 whose
 * patient has no mobile phone still moves the appointment (its change is in {@link #messages()}) while its reminders
 * are refused (in {@link #violations()}). Nothing here ever holds a patient's phone, email or name outside the
 * messages themselves.
 *
 * @param source     where the message was in the input, such as {@code message 3 (MSH-10 MSG00042)}; ids only
 * @param messages   the contract messages, each already accepted by the contract's parser
 * @param violations why some or all of it could not be mapped; each names the HL7 field or FHIR path, never a value
 * @param note       why a well-formed message maps to nothing (an event or status that needs no reminder), else
 *                   null
 */
public record MappingResult(String source, List<ContractMessage> messages, List<Violation> violations, String note) {

    public MappingResult {
        Objects.requireNonNull(source, "source");
        messages = List.copyOf(messages);
        violations = List.copyOf(violations);
    }

    static MappingResult refused(String source, List<Violation> violations) {
        return new MappingResult(source, List.of(), violations, null);
    }

    static MappingResult ignored(String source, String note) {
        return new MappingResult(source, List.of(), List.of(), note);
    }

    /** True when nothing was refused. */
    public boolean isValid() {
        return violations.isEmpty();
    }
}
