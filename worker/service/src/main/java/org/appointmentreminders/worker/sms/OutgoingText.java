package org.appointmentreminders.worker.sms;

import java.time.Instant;
import org.appointmentreminders.worker.delivery.TextContext.Purpose;

/**
 * One text to one phone, rendered, with what the carrier's API carries along: the reminder it belongs to (echoed in
 * End User Messaging's events, so a receipt finds its reminder) and when it stops being worth delivering.
 */
public record OutgoingText(String phone, String body, String reminderId, Instant deliverBy, Purpose purpose) {
}
