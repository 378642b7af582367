package org.appointmentreminders.worker.ledger;

import org.appointmentreminders.worker.ledger.layout.PhoneHash;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.appointmentreminders.worker.config.WorkerConfig;

/**
 * The frequency cap's arithmetic. A phone's texts are kept as a set of "local date#n" entries (the n-th text of that
 * day in the patient's time zone), so that DynamoDB itself can refuse a text: the n-th slot of a day must be free
 * (at most {@code perDay} a day) and the set smaller than {@code perWeek} (a rolling 7 days). Entries older than the
 * week are pruned when a refusal shows them. The item is keyed by a SHA-256 of the number, never the number.
 */
@Singleton
public final class TextCap {
    static final int WEEK_DAYS = 7;

    private final int perDay;
    private final int perWeek;

    @Inject
    public TextCap(WorkerConfig.FrequencyCap cap) {
        this.perDay = cap.perDay();
        this.perWeek = cap.perWeek();
    }

    boolean enabled() {
        return perDay > 0 || perWeek > 0;
    }

    int perWeek() {
        return perWeek;
    }

    static String key(String phone) {
        return LedgerAttributes.CAP_KEY_PREFIX + PhoneHash.of(phone);
    }

    /** The slot to try first: the day's first (a day's texts fill their slots in order). */
    String firstSlot(LocalDate today) {
        return perDay > 0 ? slot(today, 1) : slot(today, UUID.randomUUID().toString());
    }

    /** The day's next free slot among {@code texts} within the caps, or empty when the day or the week is full. */
    Optional<String> nextSlot(Set<String> texts, LocalDate today) {
        if (perWeek > 0 && current(texts, today).size() >= perWeek) {
            return Optional.empty();
        }
        if (perDay == 0) {
            return Optional.of(firstSlot(today));
        }
        for (int n = 1; n <= perDay; n++) {
            if (!texts.contains(slot(today, n))) {
                return Optional.of(slot(today, n));
            }
        }
        return Optional.empty();
    }

    /** Entries from before the rolling week: they no longer count. */
    Set<String> stale(Set<String> texts, LocalDate today) {
        Set<String> stale = new TreeSet<>(texts);
        stale.removeAll(current(texts, today));
        return stale;
    }

    private static Set<String> current(Set<String> texts, LocalDate today) {
        LocalDate oldest = today.minusDays(WEEK_DAYS - 1);
        Set<String> current = new TreeSet<>();
        for (String text : texts) {
            int hash = text.indexOf('#');
            try {
                if (hash > 0 && !LocalDate.parse(text.substring(0, hash)).isBefore(oldest)) {
                    current.add(text);
                }
            } catch (java.time.format.DateTimeParseException e) {
                // Not an entry of ours: it does not count.
            }
        }
        return current;
    }

    private static String slot(LocalDate day, Object n) {
        return day + "#" + n;
    }
}
