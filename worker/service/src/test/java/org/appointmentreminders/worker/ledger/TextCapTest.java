package org.appointmentreminders.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class TextCapTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private final TextCap oneADayThreeAWeek = new TextCap(new WorkerConfig.FrequencyCap(1, 3));

    @Test
    void theDaysFirstTextIsFreeUntilTaken() {
        assertThat(oneADayThreeAWeek.firstSlot(TODAY)).isEqualTo("2026-12-01#1");
        assertThat(oneADayThreeAWeek.nextSlot(Set.of(), TODAY)).contains("2026-12-01#1");
        assertThat(oneADayThreeAWeek.nextSlot(Set.of("2026-12-01#1"), TODAY)).as("one a day").isEmpty();
    }

    @Test
    void threeTextsInTheRollingWeekFillItAndTheEighthDayIsFree() {
        Set<String> week = Set.of("2026-11-25#1", "2026-11-27#1", "2026-11-30#1");

        assertThat(oneADayThreeAWeek.nextSlot(week, TODAY)).isEmpty();
        assertThat(oneADayThreeAWeek.nextSlot(week, TODAY.plusDays(1))).as("the 25th has left the week")
                .contains("2026-12-02#1");
        assertThat(oneADayThreeAWeek.stale(week, TODAY.plusDays(1))).containsExactly("2026-11-25#1");
    }

    @Test
    void aDayWithRoomTakesItsNextSlot() {
        TextCap twoADay = new TextCap(new WorkerConfig.FrequencyCap(2, 5));

        assertThat(twoADay.nextSlot(Set.of("2026-12-01#1"), TODAY)).contains("2026-12-01#2");
        assertThat(twoADay.nextSlot(Set.of("2026-12-01#1", "2026-12-01#2"), TODAY)).isEmpty();
    }

    @Test
    void withoutADailyCapOnlyTheWeekCounts() {
        TextCap weekOnly = new TextCap(new WorkerConfig.FrequencyCap(0, 2));

        assertThat(weekOnly.nextSlot(Set.of("2026-12-01#a"), TODAY)).isPresent();
        assertThat(weekOnly.nextSlot(Set.of("2026-12-01#a", "2026-12-01#b"), TODAY)).isEmpty();
        assertThat(new TextCap(new WorkerConfig.FrequencyCap(0, 0)).enabled()).isFalse();
    }

    @Test
    void thePhoneIsKeyedByAHashNeverByTheNumber() {
        assertThat(TextCap.key("+14155550123")).startsWith("#cap/").doesNotContain("4155550123").hasSize(5 + 64);
        assertThat(TextCap.key("+14155550123")).isEqualTo(TextCap.key("+14155550123"));
    }
}
