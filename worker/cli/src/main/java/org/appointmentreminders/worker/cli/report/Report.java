package org.appointmentreminders.worker.cli.report;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A report: the figures per day and clinic of the days asked for, their sums per clinic and in all, and what
 * reading them cost.
 *
 * @param clinic the clinic asked for, or null for all of them
 * @param rows per day, then per clinic key; days and clinics without reminders have no row
 */
public record Report(LocalDate from, LocalDate to, String clinic, SortedMap<Row, Tally> rows, Cost cost) {

    public record Row(LocalDate day, String clinic) implements Comparable<Row> {
        @Override
        public int compareTo(Row other) {
            int byDay = day.compareTo(other.day);
            return byDay != 0 ? byDay : clinic.compareTo(other.clinic);
        }
    }

    /**
     * What the report read: Query calls and their pages, the index items and their bytes, the read units those
     * cost by DynamoDB's rule ({@link ItemSize}), the read units the service reported (null when it reported
     * none), and the wall-clock time.
     */
    public record Cost(long queries, long pages, long items, long bytes, double readUnits, Double reportedReadUnits,
                       long millis) {
    }

    /** Sums per clinic over the days, clinics in key order. */
    public SortedMap<String, Tally> byClinic() {
        SortedMap<String, Tally> sums = new TreeMap<>();
        rows.forEach((row, tally) -> sums.computeIfAbsent(row.clinic(), c -> new Tally()).add(tally));
        return Collections.unmodifiableSortedMap(sums);
    }

    /** Sums per day over the clinics, every day of the period (empty days with zeros). */
    public SortedMap<LocalDate, Tally> byDay() {
        SortedMap<LocalDate, Tally> sums = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            sums.put(day, new Tally());
        }
        for (Map.Entry<Row, Tally> row : rows.entrySet()) {
            sums.get(row.getKey().day()).add(row.getValue());
        }
        return Collections.unmodifiableSortedMap(sums);
    }

    public Tally total() {
        Tally total = new Tally();
        rows.values().forEach(total::add);
        return total;
    }
}
