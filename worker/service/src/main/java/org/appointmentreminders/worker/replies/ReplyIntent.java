package org.appointmentreminders.worker.replies;

/** What a patient's reply asks for, as the ledger records it; the words themselves are never kept. */
public enum ReplyIntent {
    CONFIRMED,
    RESCHEDULE_REQUESTED,
    /** A carrier opt-out word: the carrier stops texting the number; the worker only records it. */
    OPTED_OUT,
    /** A carrier help word: the carrier answers it. */
    HELP,
    UNKNOWN
}
