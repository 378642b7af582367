package org.appointmentreminders.contracts.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What became of a reminder, as the EHR is told it (contract: schema/reminder-event-v1.schema.json). Identifiers and
 * codes only: no name, phone number, email address or words of a reply.
 *
 * @param eventId the same for the same fact however often it is published (see {@link #idOf})
 * @param clinicId empty when the reminder had none
 * @param channel "sms" or "email", where the event is about one
 * @param reason a code: the carrier's status for undeliverable, the error code for failed
 */
public record ReminderEvent(
        String eventId,
        ReminderEventType type,
        String reminderId,
        String appointmentId,
        String patientId,
        Optional<String> clinicId,
        Instant occurredAt,
        Optional<String> channel,
        Optional<String> reason) {

    public static final int SCHEMA_VERSION = 1;

    public ReminderEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reminderId, "reminderId");
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        clinicId = Objects.requireNonNullElse(clinicId, Optional.empty());
        channel = Objects.requireNonNullElse(channel, Optional.empty());
        reason = Objects.requireNonNullElse(reason, Optional.empty());
    }

    /**
     * The event id of one fact: a name-based UUID of the reminder, the type and what the fact came from (a carrier
     * receipt's message id, a reply's inbound id, the ledger write that ended the reminder), so that publishing it
     * again, after a crash or a retry, repeats the id and the EHR can drop the copy.
     */
    public static String idOf(String reminderId, ReminderEventType type, String source) {
        String name = reminderId + "\n" + type.wireName() + "\n" + source;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
