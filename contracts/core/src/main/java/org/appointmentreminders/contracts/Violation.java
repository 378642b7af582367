package org.appointmentreminders.contracts;

/**
 * Why a message was refused. Neither the path nor the message ever contains a value from the input, because the
 * values are PHI and violations travel to the dead-letter queue, the ledger and logs.
 *
 * @param path    JSON path of the offending field, such as {@code $.patient.phone}; {@code $} for the whole body
 * @param code    machine-readable snake_case code, one of {@link ViolationCode#code()}
 * @param message a sentence for people
 */
public record Violation(String path, String code, String message) {

    public static Violation of(String path, ViolationCode code, String message) {
        return new Violation(path, code.code(), message);
    }
}
