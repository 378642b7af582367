package org.appointmentreminders.worker.ehr;

import java.util.List;
import java.util.Optional;
import org.appointmentreminders.worker.events.PendingEvent;

/** What the ledger holds of a reminder that the EHR's events need: its ids, and the events not yet published. */
public record ReminderFacts(String reminderId, String appointmentId, String patientId, Optional<String> clinicId,
                            List<PendingEvent> pending) {
}
