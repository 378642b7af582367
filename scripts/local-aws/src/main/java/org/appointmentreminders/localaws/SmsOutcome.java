package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the emulated carrier does with an End User Messaging text, and so which SMS events the configuration set's
 * event destination publishes for it (the documented event JSON, {@code context} echoed):
 * <ul>
 *   <li>{@link #delivered}: TEXT_PENDING (not final), then TEXT_DELIVERED (final). The default for every phone.</li>
 *   <li>{@link #successful}: TEXT_PENDING, then TEXT_SUCCESSFUL (final): accepted by a carrier that says no more.</li>
 *   <li>{@link #carrierUnreachable}, {@link #unreachable}, {@link #ttlExpired}, {@link #unknown}: TEXT_PENDING, then
 *       TEXT_CARRIER_UNREACHABLE, TEXT_UNREACHABLE, TEXT_TTL_EXPIRED or TEXT_UNKNOWN (final).</li>
 *   <li>{@link #blocked}, {@link #carrierBlocked}, {@link #spam}, {@link #invalid}: only TEXT_BLOCKED,
 *       TEXT_CARRIER_BLOCKED, TEXT_SPAM or TEXT_INVALID (final).</li>
 *   <li>{@link #none}: no event at all.</li>
 * </ul>
 * Modifiers combine: {@link #delayedBy} (the final event that much later), {@link #duplicated} (every event published
 * twice, one right after the other), {@link #outOfOrder} (the final event published before the TEXT_PENDING, which
 * keeps its earlier eventTimestamp; nothing changes for an outcome without TEXT_PENDING). TEXT_PENDING happens
 * {@code pendingAfterMs} (50) after the send and the final event {@code finalAfterMs} (300) after it, both in
 * eventTimestamp and in when they are published; {@link #timed} changes them.
 *
 * @param outcome the wire name: the outcome and its modifiers joined by '+', e.g. "delivered+duplicated+out-of-order"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SmsOutcome(String outcome, Double delaySeconds, Integer pendingAfterMs, Integer finalAfterMs) {

    private static final List<String> MODIFIERS = List.of("delayed", "duplicated", "out-of-order");

    public static SmsOutcome delivered() {
        return named("delivered");
    }

    public static SmsOutcome successful() {
        return named("successful");
    }

    public static SmsOutcome carrierUnreachable() {
        return named("carrier-unreachable");
    }

    public static SmsOutcome unreachable() {
        return named("unreachable");
    }

    public static SmsOutcome blocked() {
        return named("blocked");
    }

    public static SmsOutcome carrierBlocked() {
        return named("carrier-blocked");
    }

    public static SmsOutcome spam() {
        return named("spam");
    }

    public static SmsOutcome invalid() {
        return named("invalid");
    }

    public static SmsOutcome ttlExpired() {
        return named("ttl-expired");
    }

    public static SmsOutcome unknown() {
        return named("unknown");
    }

    public static SmsOutcome none() {
        return named("none");
    }

    /** An outcome by its wire name, e.g. "carrier-unreachable+duplicated"; the front checks it. */
    public static SmsOutcome named(String outcome) {
        return new SmsOutcome(outcome, null, null, null);
    }

    public SmsOutcome duplicated() {
        return with("duplicated");
    }

    public SmsOutcome outOfOrder() {
        return with("out-of-order");
    }

    /** The final event comes {@code delay} later than it would. */
    public SmsOutcome delayedBy(Duration delay) {
        SmsOutcome delayed = with("delayed");
        return new SmsOutcome(delayed.outcome, delay.toMillis() / 1000.0, pendingAfterMs, finalAfterMs);
    }

    /** When TEXT_PENDING and the final event happen after the send (the final one before any delay). */
    public SmsOutcome timed(Duration pendingAfter, Duration finalAfter) {
        return new SmsOutcome(outcome, delaySeconds, (int) pendingAfter.toMillis(), (int) finalAfter.toMillis());
    }

    /** This outcome for a share (0..1) of the texts, in {@link EmulatorFront#setSmsOutcomeMix}. */
    public Share share(double share) {
        return new Share(share, this);
    }

    /** A share of the texts that get an outcome, drawn at random per text. */
    public record Share(double share, SmsOutcome outcome) {
    }

    private SmsOutcome with(String modifier) {
        Set<String> parts = new LinkedHashSet<>(Arrays.asList(outcome.split("\\+")));
        parts.add(modifier);
        List<String> all = new ArrayList<>(parts.stream().filter(part -> !MODIFIERS.contains(part)).toList());
        MODIFIERS.stream().filter(parts::contains).forEach(all::add);
        return new SmsOutcome(String.join("+", all), delaySeconds, pendingAfterMs, finalAfterMs);
    }
}
