package org.appointmentreminders.worker.receipts;

/** What a carrier's receipt says of a text, as the ledger and the EHR see it. */
public enum DeliveryState {
    /** On its way: accepted, queued, sent on to the carrier. */
    PENDING,
    /** On the phone, or accepted by a carrier that reports nothing further (a final TEXT_SUCCESSFUL). */
    DELIVERED,
    /** The carrier could not or would not deliver it (unreachable, blocked, spam, invalid, expired, unknown). */
    UNDELIVERABLE
}
