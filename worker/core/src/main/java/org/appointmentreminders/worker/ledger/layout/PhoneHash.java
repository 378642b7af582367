package org.appointmentreminders.worker.ledger.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger's name for a phone number: SHA-256 of its E.164 form, in hex. It keeps the number out of the ledger's
 * text, but it is a pseudonym, not anonymity: phone numbers are few enough to hash them all. Access to the table is
 * what protects it.
 */
public final class PhoneHash {
    private PhoneHash() {
    }

    public static String of(String e164) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(e164.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
