package org.appointmentreminders.worker.cli.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB bills an item at, by its published rule: each attribute's name in UTF-8 bytes plus its value
 * (a string's UTF-8 bytes, a number's one byte per two significant digits plus one, a boolean or null one byte,
 * a list or map three bytes plus one per element and its elements). A Query's read units are the sum of the sizes
 * of the items it returns, rounded up to 4 KB, half a unit per 4 KB when eventually consistent (always, on a global
 * secondary index), and never less than half a unit per call.
 */
public final class ItemSize {
    static final int READ_UNIT_BYTES = 4096;

    private ItemSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    /** Read units of one Query page of this many bytes on a global secondary index (eventually consistent). */
    public static double readUnits(long pageBytes) {
        long blocks = Math.max(1, (pageBytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return blocks * 0.5;
    }

    static long value(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(ItemSize::number).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (value.hasL()) {
            return 3 + elements(value.l());
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream()
                    .mapToLong(e -> 1 + utf8(e.getKey()) + value(e.getValue())).sum();
        }
        return 0;
    }

    private static long elements(Collection<AttributeValue> values) {
        return values.stream().mapToLong(v -> 1 + value(v)).sum();
    }

    static long number(String n) {
        String digits = new BigDecimal(n).stripTrailingZeros().unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
