package org.appointmentreminders.worker.cli.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinceTest {
    private static final Instant NOW = Instant.parse("2026-11-30T14:00:00Z");

    @Test
    void takesADateAnInstantOrATimeAgo() {
        assertThat(Since.parse("2026-11-01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Since.parse("2026-11-01T08:30:00Z", NOW)).isEqualTo(Instant.parse("2026-11-01T08:30:00Z"));
        assertThat(Since.parse("30d", NOW)).isEqualTo(Instant.parse("2026-10-31T14:00:00Z"));
        assertThat(Since.parse("12h", NOW)).isEqualTo(Instant.parse("2026-11-30T02:00:00Z"));
        assertThat(Since.parse("90m", NOW)).isEqualTo(Instant.parse("2026-11-30T12:30:00Z"));
    }

    @Test
    void anythingElseIsRefusedWithWhatIsAccepted() {
        assertThatThrownBy(() -> Since.parse("last week", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a date (2026-11-30)").hasMessageContaining("'last week'");
    }
}
