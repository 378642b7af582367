package org.appointmentreminders.worker.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a configuration key accepts, declared on the record component that holds it; {@link ConfigBinder}
 * enforces them at start-up and names the key in every refusal.
 */
public final class Bounds {
    private Bounds() {
    }

    /** A whole number from {@code min} to {@code max}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Between {
        long min();

        long max();
    }

    /** A number (written as a HOCON string or number) from {@code min} to {@code max}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface DecimalBetween {
        String min();

        String max();
    }

    /** A duration with a unit, from {@code min} to {@code max} (HOCON duration syntax: 0s, 100ms, 11h). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface DurationBetween {
        String min();

        String max();
    }

    /** A string that must not be empty. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Required {
    }

    /** An http or https URL. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface HttpUrl {
    }

    /** A lower-case name like {@code prod}: letters, digits and dashes, starting with a letter. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface SimpleName {
    }

    /**
     * Shown masked in the start-up log: an address or a phone number, though the clinic's own, is kept out of logs
     * like any other, so a log scan can refuse every one it finds.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface ShownMasked {
    }
}
