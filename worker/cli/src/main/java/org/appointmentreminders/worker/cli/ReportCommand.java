package org.appointmentreminders.worker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.appointmentreminders.worker.cli.report.Report;
import org.appointmentreminders.worker.cli.report.ReportChart;
import org.appointmentreminders.worker.cli.report.ReportFormat;
import org.appointmentreminders.worker.cli.report.ReportReader;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Are reminders working? Per clinic and per day: reminders handled, sent, texted, delivered, "
                + "undeliverable, emailed, confirmed, reschedule requested, opted out, suppressed (appointment "
                + "cancelled or moved), capped, expired, failed and still open; with the delivery rate "
                + "(delivered of texted), the confirmation rate (confirmed of sent) and the email share "
                + "(emailed of sent). A reminder counts on the day a worker first handled it, in its "
                + "appointment's time zone, under its clinicId (else \"name:\" and its clinic's name).",
            "",
            "Reads one Query per day on the ledger's report index, which holds only what a report counts: "
                + "the cost follows the reminders of the days asked for, never the table's size. Prints what "
                + "it read and the read units that cost. No patient data: counts only."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  reminders report --from 2026-11-01 --to 2026-11-30",
            "  reminders report --from 2026-11-01 --to 2026-11-30 --clinic clinic-7 --chart november.png",
            "  reminders report --from 2026-01-01 --to 2026-12-31 --format csv > 2026.csv"})
final class ReportCommand implements Callable<Integer> {
    /** Ten years: beyond any retention, and a guard against a typo in a year. */
    static final long MOST_DAYS = 3660;

    enum Format { table, csv, json }

    @Option(names = "--from", paramLabel = "DATE", required = true, description = "First day (yyyy-MM-dd).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", required = true, description = "Last day, included (yyyy-MM-dd).")
    LocalDate to;

    @Option(names = "--clinic", paramLabel = "ID",
            description = "Only this clinic: its clinicId, or \"name:\" and its name for reminders without one.")
    String clinic;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), csv (one line per day and clinic) or json (rows, clinics, total, cost).")
    Format format;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Also draw the days as a PNG chart.")
    Path chart;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + ReportReader.PARALLEL_DAYS,
            description = "Days read at once (default ${DEFAULT-VALUE}); 1 on an emulator that answers one call at "
                    + "a time.")
    int parallel;

    @Mixin
    Target target;

    @Override
    public Integer call() throws IOException {
        if (to.isBefore(from)) {
            throw new Target.UsageProblem("--to " + to + " is before --from " + from);
        }
        if (parallel < 1 || parallel > 64) {
            throw new Target.UsageProblem("--parallel takes 1 to 64, not " + parallel);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MOST_DAYS) {
            throw new Target.UsageProblem("at most " + MOST_DAYS + " days in one report, not " + days);
        }
        String table = target.ledgerTable();
        Report report;
        try (DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            Progress progress = days > 31 ? new Progress(System.err, "Reading days", days) : null;
            report = new ReportReader(dynamoDb, table, parallel).read(from, to, clinic, done -> {
                if (progress != null) {
                    progress.update(done);
                }
            });
            if (progress != null) {
                progress.finish();
            }
        }
        switch (format) {
            case csv -> System.out.print(ReportFormat.csv(report));
            case json -> System.out.println(ReportFormat.json(report).toPrettyString());
            default -> {
                Table out = new Table(ReportFormat.header().toArray(String[]::new));
                ReportFormat.tableRows(report).forEach(row -> out.row(row.toArray()));
                out.print(System.out);
            }
        }
        if (chart != null) {
            ReportChart.write(report, chart);
        }
        PrintStream notes = format == Format.table ? System.out : System.err;
        if (format == Format.table) {
            notes.println();
        }
        if (report.rows().isEmpty()) {
            notes.println("No reminders " + (clinic == null ? "" : "of clinic " + clinic + " ") + "from " + from
                    + " to " + to + " in the ledger (table " + table + ", index " + LedgerAttributes.REPORT_INDEX
                    + ").");
        }
        notes.println(cost(report.cost()));
        if (chart != null) {
            notes.println("Chart: " + chart);
        }
        return 0;
    }

    static String cost(Report.Cost cost) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "Read %s (%.1f KB) from the report index in %s, %s: %.1f read units by DynamoDB's rule",
                Table.count(cost.items(), "reminder"), cost.bytes() / 1024.0, cost.queries() == 1 ? "1 query" : cost.queries() + " queries",
                Table.count(cost.pages(), "page"), cost.readUnits()));
        if (cost.reportedReadUnits() != null) {
            line.append(String.format(Locale.ROOT, " (the service reported %.1f)", cost.reportedReadUnits()));
        }
        line.append(String.format(Locale.ROOT, "; %.2f s.", cost.millis() / 1000.0));
        return line.toString();
    }
}
