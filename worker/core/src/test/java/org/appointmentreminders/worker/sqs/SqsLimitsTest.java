package org.appointmentreminders.worker.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqsLimitsTest {

    @Test
    void theLongestVisibilityIsWrittenTheSameWayForConfigurationAndCode() {
        assertThat(com.typesafe.config.ConfigFactory.parseString("d = " + SqsLimits.LONGEST_VISIBILITY_TEXT)
                .getDuration("d")).isEqualTo(SqsLimits.LONGEST_VISIBILITY);
    }

    @Test
    void visibilityIsCappedAMinuteShortOfTwelveHoursAndNeverNegative() {
        assertThat(SqsLimits.capVisibility(Duration.ofHours(13))).isEqualTo(Duration.ofHours(12).minusMinutes(1));
        assertThat(SqsLimits.capVisibility(Duration.ofSeconds(-5))).isZero();
        assertThat(SqsLimits.capVisibility(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void batchesHoldTenAtMost() {
        List<Integer> items = IntStream.range(0, 23).boxed().toList();

        assertThat(SqsLimits.batches(items)).extracting(List::size).containsExactly(10, 10, 3);
        assertThat(SqsLimits.batches(List.of())).isEmpty();
    }
}
