package org.appointmentreminders.worker.pipeline;

/**
 * A text reserved for a reminder under the phone's frequency cap. It is kept when the text goes out and given back
 * when it does not, so a reminder that fails or falls back to email does not use up the patient's texts.
 *
 * @param key where the ledger keeps the phone's texts (a hash, never the number)
 * @param slot which of them this is
 */
public record TextHold(String key, String slot) {
}
