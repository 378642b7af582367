package org.appointmentreminders.worker.events;

import java.time.Instant;
import java.util.Optional;

/**
 * An event for the EHR, written into the reminder's item in the same write as the fact it tells, and removed once
 * published (a transactional outbox): a crash between the two publishes it again, with the same event id, rather than
 * never. Encoded as one line of {@code type|occurredAt epoch ms|channel|reason|source}; the reminder's ids come from
 * the item when the event is published.
 *
 * @param type the event type's wire name (delivered, confirmed, ...)
 * @param source what the fact came from (a receipt, a reply, a claim), which makes the event id
 */
public record PendingEvent(String type, Instant occurredAt, Optional<String> channel, Optional<String> reason,
                           String source) {

    private static final String SEPARATOR = "|";

    public PendingEvent {
        // A source is the outside world's id (a reply's inbound id): kept apart from the encoding, the same way always.
        source = source.replace(SEPARATOR, "_");
        for (String part : new String[] {type, channel.orElse(""), reason.orElse("")}) {
            if (part.contains(SEPARATOR)) {
                throw new IllegalArgumentException("'" + SEPARATOR + "' in a pending event's part: " + part);
            }
        }
    }

    public String encode() {
        return String.join(SEPARATOR, type, Long.toString(occurredAt.toEpochMilli()), channel.orElse(""),
                reason.orElse(""), source);
    }

    /** Reads what {@link #encode} wrote; throws {@link IllegalArgumentException} for anything else. */
    public static PendingEvent decode(String encoded) {
        String[] parts = encoded.split("\\|", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("not a pending event: " + parts.length + " parts");
        }
        try {
            return new PendingEvent(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), optional(parts[2]),
                    optional(parts[3]), parts[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a pending event: bad time", e);
        }
    }

    private static Optional<String> optional(String part) {
        return part.isEmpty() ? Optional.empty() : Optional.of(part);
    }
}
