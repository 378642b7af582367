package org.appointmentreminders.contracts.events;

import java.util.Arrays;
import java.util.Optional;

/** What a {@link ReminderEvent} tells the EHR; the wire name is {@link #wireName()}. */
public enum ReminderEventType {
    DELIVERED("delivered"),
    UNDELIVERABLE("undeliverable"),
    CONFIRMED("confirmed"),
    RESCHEDULE_REQUESTED("reschedule-requested"),
    OPTED_OUT("opted-out"),
    EXPIRED("expired"),
    FAILED("failed");

    private final String wireName;

    ReminderEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReminderEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
