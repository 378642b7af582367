package org.appointmentreminders.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.localaws.ScaleScenario;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.testing.CliProcess;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code reminders report} over a generated ledger: {@value #DEFAULT_ITEMS} reminder items by default, or as many as
 * {@code -Dreport.scale.items=N} asks (the README's figures are of 200,000), written as the worker leaves them (every
 * attribute, a realistic mix of outcomes) over {@value #DAYS} days and 20 clinics: 2,740 a day is a million a year.
 * The report's figures must equal the generator's count exactly; its time and read units go to
 * {@code target/report-scale-N.json}. The reports read one day at a time ({@code --parallel 1}): the emulator answers
 * one DynamoDB call at a time, and moto reads its whole table for each Query, so side by side they only wait longer.
 */
@ExtendWith(LocalAwsExtension.class)
@ScaleScenario("a ledger of 5,000 reminders or more, written item by item")
class ReportAtScaleIT {
    static final int DEFAULT_ITEMS = 5_000;
    /** Beyond this many items the year-long run is left out: moto reads its whole table for each day's Query. */
    static final int YEAR_RUN_MOST_ITEMS = 50_000;
    static final int DAYS = 73;
    static final int CLINICS = 20;
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Moto reads its whole table for each Query: at 200,000 items a report of 73 days takes minutes there. */
    private static final java.time.Duration LONGEST = java.time.Duration.ofMinutes(60);

    @Test
    void aReportOfMillionsAYearReadsOnlyItsDaysAndCountsEveryReminder(AwsEndpoints endpoints, AwsClients aws)
            throws Exception {
        int items = Integer.getInteger("report.scale.items", DEFAULT_ITEMS);
        ProvisionedStack stack = Stacks.fresh(aws, "report-scale");
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        java.util.Set<String> daysAndClinics = new java.util.HashSet<>();
        long writeStarted = System.nanoTime();
        write(aws.dynamoDb(), stack.ledgerTable(), items, expected, daysAndClinics);
        double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;
        Map<String, String> env = WorkerFixture.environment(endpoints, stack);
        LocalDate lastDay = FIRST_DAY.plusDays(DAYS - 1);

        long started = System.nanoTime();
        CliProcess.Result all = CliProcess.run(LONGEST, env, null, "report", "--from", FIRST_DAY.toString(),
                "--to", lastDay.toString(), "--format", "json", "--parallel", "1");
        double allSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(all.exitCode()).as(all.toString()).isZero();
        JsonNode report = JSON.readTree(all.stdout());
        for (JsonNode clinic : report.get("clinics")) {
            Map<String, Long> want = expected.get(clinic.get("clinic").asText());
            want.forEach((figure, count) -> assertThat(clinic.get(figure).asLong())
                    .as("%s of %s", figure, clinic.get("clinic").asText()).isEqualTo(count));
        }
        assertThat(report.get("clinics")).hasSize(CLINICS);
        assertThat(report.get("total").get("handled").asLong()).isEqualTo(items);
        assertThat(report.get("cost").get("itemsRead").asLong()).isEqualTo(items);
        assertThat(report.get("cost").get("queries").asLong()).isEqualTo(DAYS);
        assertThat(report.get("rows")).hasSize(daysAndClinics.size());

        String oneClinic = "clinic-07";
        started = System.nanoTime();
        CliProcess.Result clinic = CliProcess.run(LONGEST, env, null, "report", "--from", FIRST_DAY.toString(),
                "--to", lastDay.toString(), "--clinic", oneClinic, "--format", "json", "--parallel", "1");
        double clinicSeconds = (System.nanoTime() - started) / 1e9;
        JsonNode clinicReport = JSON.readTree(clinic.stdout());
        assertThat(clinicReport.get("total").get("handled").asLong())
                .isEqualTo(expected.get(oneClinic).get("handled"));

        // A whole year around the generated days: the days without reminders cost half a unit each.
        CliProcess.Result year = null;
        double yearSeconds = 0;
        if (items <= YEAR_RUN_MOST_ITEMS) {
            started = System.nanoTime();
            year = CliProcess.run(LONGEST, env, null, "report", "--from", lastDay.minusDays(364).toString(),
                    "--to", lastDay.toString(), "--format", "csv", "--parallel", "1");
            yearSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(year.exitCode()).as(year.toString()).isZero();
            assertThat(year.stdout().lines().count()).isEqualTo(1L + daysAndClinics.size());
        }

        ObjectNode figures = JSON.createObjectNode();
        figures.put("items", items);
        figures.put("days", DAYS);
        figures.put("clinics", CLINICS);
        figures.put("writeSeconds", Math.round(writeSeconds * 10) / 10.0);
        figures.set("allClinics", cost(report, allSeconds));
        figures.set("oneClinic", cost(clinicReport, clinicSeconds));
        if (year != null) {
            figures.put("yearCsvSeconds", Math.round(yearSeconds * 100) / 100.0);
            figures.put("yearCsvCost", year.stderr().lines().reduce((first, last) -> last).orElse(""));
        }
        Path out = Path.of("target/report-scale-" + items + ".json");
        Files.writeString(out, figures.toPrettyString());
        System.out.println("report at scale: " + figures.toPrettyString());
    }

    private static ObjectNode cost(JsonNode report, double processSeconds) {
        ObjectNode cost = report.get("cost").deepCopy();
        cost.put("processSeconds", Math.round(processSeconds * 100) / 100.0);
        return cost;
    }

    /** Writes the items, 25 to a BatchWriteItem, four batches at a time; counts what each clinic should report. */
    private static void write(DynamoDbClient dynamoDb, String table, int count,
                              Map<String, Map<String, Long>> expected, java.util.Set<String> daysAndClinics)
            throws Exception {
        Random random = new Random(16);
        List<List<WriteRequest>> batches = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = item(random, i, count);
            count(expected, item);
            daysAndClinics.add(item.get(LedgerAttributes.REPORT_DAY).s() + "|"
                    + item.get(LedgerAttributes.CLINIC_KEY).s());
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (List<WriteRequest> requests : batches) {
                writes.add(pool.submit(() -> {
                    Map<String, List<WriteRequest>> left = Map.of(table, requests);
                    while (!left.isEmpty() && !left.getOrDefault(table, List.of()).isEmpty()) {
                        Map<String, List<WriteRequest>> request = left;
                        left = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One reminder as the worker leaves it, outcomes in the proportions of a health system's month. */
    static Map<String, AttributeValue> item(Random random, int i, int count) {
        LocalDate day = FIRST_DAY.plusDays((long) i * DAYS / count);
        // Clinics of different sizes: clinic-01 the largest.
        int clinic = 1 + (int) Math.floor(CLINICS * Math.pow(random.nextDouble(), 1.5));
        String clinicId = String.format("clinic-%02d", clinic);
        long created = day.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli() + random.nextInt(12 * 3600_000);
        String appointment = "appt-" + (1_000_000 + i);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LedgerAttributes.REMINDER_ID, s(clinicId + "/" + appointment + "/24h"));
        item.put(LedgerAttributes.PATIENT_ID, s("P-" + (100_000 + random.nextInt(800_000))));
        item.put(LedgerAttributes.APPOINTMENT_ID, s(appointment));
        item.put(LedgerAttributes.MASKED_PHONE, s("+1******" + String.format("%04d", random.nextInt(10_000))));
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        item.put(LedgerAttributes.PHONE_HASH, s(HexFormat.of().formatHex(hash)));
        item.put(LedgerAttributes.LANGUAGE, s(random.nextInt(10) == 0 ? "es" : "en"));
        item.put(LedgerAttributes.SQS_MESSAGE_ID, s(UUID.randomUUID().toString()));
        item.put(LedgerAttributes.CLINIC_ID, s(clinicId));
        item.put(LedgerAttributes.CLINIC_KEY, s(clinicId));
        item.put(LedgerAttributes.REPORT_DAY, s(day.toString()));
        item.put(LedgerAttributes.ATTEMPTS, n(1 + (random.nextInt(20) == 0 ? 1 : 0)));
        item.put(LedgerAttributes.CREATED_AT, n(created));
        item.put(LedgerAttributes.UPDATED_AT, n(created + 1_200));
        item.put(LedgerAttributes.EXPIRES_AT, n(created / 1000 + 90 * 86_400));
        int roll = random.nextInt(1000);
        String status;
        boolean texted;
        if (roll < 860) {
            status = "SMS_SENT";
            texted = true;
        } else if (roll < 910) {
            status = "EMAIL_SENT";
            texted = random.nextInt(5) < 2;
        } else if (roll < 950) {
            status = random.nextInt(4) == 0 ? "STALE" : "CANCELLED";
            texted = false;
        } else if (roll < 960) {
            status = "CAPPED";
            texted = false;
        } else if (roll < 980) {
            status = "EXPIRED";
            texted = false;
        } else if (roll < 995) {
            status = "FAILED";
            texted = false;
        } else {
            status = "CLAIMED";
            texted = false;
        }
        item.put(LedgerAttributes.STATUS, s(status));
        item.put(LedgerAttributes.CHANNEL, s(status.equals("EMAIL_SENT") ? "EMAIL" : texted ? "SMS" : "NONE"));
        if (status.equals("EMAIL_SENT")) {
            item.put(LedgerAttributes.EMAIL_MESSAGE_ID, s(UUID.randomUUID().toString()));
        }
        if (status.equals("CLAIMED")) {
            item.put(LedgerAttributes.CLAIM_TOKEN, s(UUID.randomUUID().toString()));
            item.put(LedgerAttributes.LEASE_UNTIL, n(0));
        }
        if (texted) {
            item.put(LedgerAttributes.SMS_MESSAGE_ID, s(UUID.randomUUID().toString()));
            item.put(LedgerAttributes.SMS_SENT_AT, n(created + 900));
            item.put(LedgerAttributes.SMS_ATTEMPTS, n(1));
            int receipt = random.nextInt(100);
            String delivery = status.equals("EMAIL_SENT") || receipt < 4 ? "UNDELIVERABLE"
                    : receipt < 97 ? "DELIVERED" : null;
            if (delivery != null) {
                item.put(LedgerAttributes.DELIVERY, s(delivery));
                item.put(LedgerAttributes.DELIVERY_EVENT, s(delivery.equals("DELIVERED") ? "TEXT_DELIVERED"
                        : "TEXT_CARRIER_UNREACHABLE"));
                item.put(LedgerAttributes.DELIVERY_AT, n(created + 30_000));
                item.put(LedgerAttributes.DELIVERY_RANK, n(10_000_000_000_000L + created + 30_000));
            }
            if ("DELIVERED".equals(delivery)) {
                int answer = random.nextInt(200);
                String reply = answer < 90 ? "CONFIRMED" : answer < 100 ? "RESCHEDULE_REQUESTED"
                        : answer < 102 ? "OPTED_OUT" : answer < 103 ? "HELP" : null;
                if (reply != null) {
                    item.put(LedgerAttributes.REPLY, s(reply));
                    item.put(LedgerAttributes.REPLY_AT, n(created + 3_600_000));
                    item.put(LedgerAttributes.REPLY_IDS, AttributeValue.fromSs(List.of(UUID.randomUUID().toString())));
                }
            }
        }
        return item;
    }

    private static void count(Map<String, Map<String, Long>> expected, Map<String, AttributeValue> item) {
        Map<String, Long> figures = expected.computeIfAbsent(item.get(LedgerAttributes.CLINIC_KEY).s(),
                c -> new TreeMap<>());
        String status = item.get(LedgerAttributes.STATUS).s();
        String delivery = item.containsKey(LedgerAttributes.DELIVERY) ? item.get(LedgerAttributes.DELIVERY).s() : "";
        String reply = item.containsKey(LedgerAttributes.REPLY) ? item.get(LedgerAttributes.REPLY).s() : "";
        figures.merge("handled", 1L, Long::sum);
        figures.merge("sent", status.equals("SMS_SENT") || status.equals("EMAIL_SENT") ? 1L : 0L, Long::sum);
        figures.merge("texted", item.containsKey(LedgerAttributes.SMS_SENT_AT) ? 1L : 0L, Long::sum);
        figures.merge("delivered", delivery.equals("DELIVERED") ? 1L : 0L, Long::sum);
        figures.merge("undeliverable", delivery.equals("UNDELIVERABLE") ? 1L : 0L, Long::sum);
        figures.merge("emailed", status.equals("EMAIL_SENT") ? 1L : 0L, Long::sum);
        figures.merge("confirmed", reply.equals("CONFIRMED") ? 1L : 0L, Long::sum);
        figures.merge("rescheduleRequested", reply.equals("RESCHEDULE_REQUESTED") ? 1L : 0L, Long::sum);
        figures.merge("optedOut", reply.equals("OPTED_OUT") ? 1L : 0L, Long::sum);
        figures.merge("suppressed", status.equals("CANCELLED") || status.equals("STALE") ? 1L : 0L, Long::sum);
        figures.merge("capped", status.equals("CAPPED") ? 1L : 0L, Long::sum);
        figures.merge("expired", status.equals("EXPIRED") ? 1L : 0L, Long::sum);
        figures.merge("failed", status.equals("FAILED") ? 1L : 0L, Long::sum);
        figures.merge("inProgress", status.equals("CLAIMED") ? 1L : 0L, Long::sum);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
