package org.appointmentreminders.worker.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {
    @Test
    void namesAndValuesCountByDynamoDbsRule() {
        assertThat(ItemSize.of(Map.of("status", AttributeValue.fromS("SMS_SENT")))).isEqualTo(6 + 8);
        assertThat(ItemSize.of(Map.of("clinic", AttributeValue.fromS("Zürich")))).as("UTF-8 bytes")
                .isEqualTo(6 + 7);
        // 13 significant digits: 7 bytes, and one more.
        assertThat(ItemSize.of(Map.of("at", AttributeValue.fromN("1764511200123")))).isEqualTo(2 + 8);
        // Trailing zeroes are trimmed: 17 is two digits.
        assertThat(ItemSize.number("1700000000000")).isEqualTo(2);
        assertThat(ItemSize.number("0")).isEqualTo(2);
        assertThat(ItemSize.of(Map.of("ok", AttributeValue.fromBool(true)))).isEqualTo(2 + 1);
        assertThat(ItemSize.of(Map.of("ids", AttributeValue.fromSs(List.of("ab", "cde"))))).isEqualTo(3 + 5);
        assertThat(ItemSize.of(Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromS("ab"))))))
                .isEqualTo(1 + 3 + 1 + 2);
    }

    @Test
    void aQueryPageCostsHalfAUnitPerFourKilobytesStartedAndNeverLessThanHalf() {
        assertThat(ItemSize.readUnits(0)).isEqualTo(0.5);
        assertThat(ItemSize.readUnits(4096)).isEqualTo(0.5);
        assertThat(ItemSize.readUnits(4097)).isEqualTo(1.0);
        assertThat(ItemSize.readUnits(1_000_000)).isEqualTo(122.5);
    }
}
