package org.appointmentreminders.contracts;

import java.util.Objects;

/**
 * Who gets the reminder: only what the reminder needs (minimum necessary).
 *
 * @param phone    E.164
 * @param email    nullable; without it there is no email fallback
 * @param language never null; unknown languages are {@link Language#EN}
 */
public record Patient(String id, String givenName, String phone, String email, Language language) {

    public Patient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(givenName, "givenName");
        Objects.requireNonNull(phone, "phone");
        language = language == null ? Language.EN : language;
    }

    /** Name, phone and email are PHI: records end up in log lines and exception messages, so they are masked. */
    @Override
    public String toString() {
        return "Patient[id=" + id
                + ", givenName=" + PhoneMask.HIDDEN
                + ", phone=" + PhoneMask.mask(phone)
                + ", email=" + (email == null ? null : PhoneMask.HIDDEN)
                + ", language=" + language.code()
                + "]";
    }
}
