package org.appointmentreminders.worker.cli.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Reads a report from the ledger's report index: one Query per day (reportDay = day, and clinicKey = the clinic when
 * one is asked for), days read side by side. The index holds only the few attributes a report counts, so a report
 * reads a few dozen bytes per reminder of its days and nothing of the others: its cost follows the reminders it
 * covers, never the table's size.
 */
public final class ReportReader {
    /** The IAM action a report needs, on {@link #INDEXES} only: the support role grants it. */
    public static final List<String> ACTIONS = List.of("dynamodb:Query");
    public static final List<String> INDEXES = List.of(LedgerAttributes.REPORT_INDEX);

    /** Queries in flight at once, by default: enough to hide the round trips of a year of days. */
    public static final int PARALLEL_DAYS = 8;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int parallelDays;

    public ReportReader(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, PARALLEL_DAYS);
    }

    /** @param parallelDays days read at once (1: one after the other, as an emulator that serializes calls wants) */
    public ReportReader(DynamoDbClient dynamoDb, String table, int parallelDays) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.parallelDays = parallelDays;
    }

    /** @param daysDone told each day read, for a progress bar */
    public Report read(LocalDate from, LocalDate to, String clinic, LongConsumer daysDone) {
        long started = System.nanoTime();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelDays, days.size()), runnable -> {
            Thread thread = new Thread(runnable, "report-day");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DayRead>> reads = new ArrayList<>();
            for (LocalDate day : days) {
                reads.add(pool.submit(() -> readDay(day, clinic)));
            }
            SortedMap<Report.Row, Tally> rows = new TreeMap<>();
            long queries = 0;
            long pages = 0;
            long items = 0;
            long bytes = 0;
            double units = 0;
            Double reported = null;
            long done = 0;
            for (Future<DayRead> future : reads) {
                DayRead read = await(future);
                rows.putAll(read.rows);
                queries++;
                pages += read.pages;
                items += read.items;
                bytes += read.bytes;
                units += read.readUnits;
                if (read.reportedUnits != null) {
                    reported = (reported == null ? 0 : reported) + read.reportedUnits;
                }
                daysDone.accept(++done);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Report(from, to, clinic, rows,
                    new Report.Cost(queries, pages, items, bytes, units, reported, millis));
        } finally {
            pool.shutdownNow();
        }
    }

    private DayRead readDay(LocalDate day, String clinic) {
        Map<String, String> names = new java.util.HashMap<>(Map.of("#day", LedgerAttributes.REPORT_DAY));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":day", AttributeValue.fromS(day.toString())));
        String condition = "#day = :day";
        if (clinic != null) {
            names.put("#clinic", LedgerAttributes.CLINIC_KEY);
            values.put(":clinic", AttributeValue.fromS(clinic));
            condition += " AND #clinic = :clinic";
        }
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(LedgerAttributes.REPORT_INDEX)
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .select(Select.ALL_PROJECTED_ATTRIBUTES)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
        DayRead read = new DayRead();
        while (true) {
            QueryResponse page = dynamoDb.query(request);
            read.pages++;
            long pageBytes = 0;
            for (Map<String, AttributeValue> item : page.items()) {
                pageBytes += ItemSize.of(item);
                AttributeValue key = item.get(LedgerAttributes.CLINIC_KEY);
                read.rows.computeIfAbsent(new Report.Row(day, key == null ? "?" : key.s()), r -> new Tally()).add(item);
            }
            read.items += page.items().size();
            read.bytes += pageBytes;
            read.readUnits += ItemSize.readUnits(pageBytes);
            if (page.consumedCapacity() != null && page.consumedCapacity().capacityUnits() != null) {
                read.reportedUnits = (read.reportedUnits == null ? 0 : read.reportedUnits)
                        + page.consumedCapacity().capacityUnits();
            }
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return read;
            }
            request = request.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
    }

    private static final class DayRead {
        final SortedMap<Report.Row, Tally> rows = new TreeMap<>();
        long pages;
        long items;
        long bytes;
        double readUnits;
        Double reportedUnits;
    }

    private static DayRead await(Future<DayRead> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the report", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
