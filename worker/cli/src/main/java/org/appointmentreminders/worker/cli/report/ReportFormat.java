package org.appointmentreminders.worker.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A report as CSV (one line per day and clinic, for a spreadsheet), JSON (for tools: rows, per clinic, total and
 * cost) or table cells (for a person: per day and clinic, then the sums). Counts are the same in all three; rates
 * are fractions in CSV and JSON (empty or null when there is nothing to divide by) and percentages in the table.
 */
public final class ReportFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A figure: its CSV and JSON names, its table header, and its value. */
    record Figure(String csv, String json, String header, Function<Tally, Number> value) {
        boolean rate() {
            return csv.endsWith("_rate") || csv.endsWith("_share");
        }
    }

    static final List<Figure> FIGURES = List.of(
            new Figure("handled", "handled", "handled", Tally::handled),
            new Figure("sent", "sent", "sent", Tally::sent),
            new Figure("texted", "texted", "texted", Tally::texted),
            new Figure("delivered", "delivered", "delivered", Tally::delivered),
            new Figure("undeliverable", "undeliverable", "undeliv.", Tally::undeliverable),
            new Figure("emailed", "emailed", "emailed", Tally::emailed),
            new Figure("confirmed", "confirmed", "confirmed", Tally::confirmed),
            new Figure("reschedule_requested", "rescheduleRequested", "resched.", Tally::rescheduleRequested),
            new Figure("opted_out", "optedOut", "opt-out", Tally::optedOut),
            new Figure("suppressed", "suppressed", "suppressed", Tally::suppressed),
            new Figure("capped", "capped", "capped", Tally::capped),
            new Figure("expired", "expired", "expired", Tally::expired),
            new Figure("failed", "failed", "failed", Tally::failed),
            new Figure("in_progress", "inProgress", "open", Tally::inProgress),
            new Figure("delivery_rate", "deliveryRate", "deliv. %", Tally::deliveryRate),
            new Figure("confirmation_rate", "confirmationRate", "conf. %", Tally::confirmationRate),
            new Figure("email_share", "emailShare", "email %", Tally::emailShare));

    private ReportFormat() {
    }

    public static String csv(Report report) {
        StringBuilder out = new StringBuilder("day,clinic");
        FIGURES.forEach(f -> out.append(',').append(f.csv()));
        out.append('\n');
        report.rows().forEach((row, tally) -> {
            out.append(row.day()).append(',').append(csvText(row.clinic()));
            for (Figure figure : FIGURES) {
                Number value = figure.value().apply(tally);
                out.append(',').append(value == null ? "" : figure.rate() ? fraction(value) : value.toString());
            }
            out.append('\n');
        });
        return out.toString();
    }

    public static ObjectNode json(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("from", report.from().toString());
        root.put("to", report.to().toString());
        root.put("clinic", report.clinic());
        ArrayNode rows = root.putArray("rows");
        report.rows().forEach((row, tally) -> {
            ObjectNode node = rows.addObject().put("day", row.day().toString()).put("clinic", row.clinic());
            figures(node, tally);
        });
        ArrayNode clinics = root.putArray("clinics");
        report.byClinic().forEach((clinic, tally) -> figures(clinics.addObject().put("clinic", clinic), tally));
        figures(root.putObject("total"), report.total());
        Report.Cost cost = report.cost();
        ObjectNode costNode = root.putObject("cost");
        costNode.put("queries", cost.queries());
        costNode.put("pages", cost.pages());
        costNode.put("itemsRead", cost.items());
        costNode.put("bytesRead", cost.bytes());
        costNode.put("readUnits", cost.readUnits());
        if (cost.reportedReadUnits() == null) {
            costNode.putNull("readUnitsReported");
        } else {
            costNode.put("readUnitsReported", cost.reportedReadUnits());
        }
        costNode.put("millis", cost.millis());
        return root;
    }

    /** Table header: day, clinic, then the figures. */
    public static List<String> header() {
        List<String> header = new ArrayList<>(List.of("day", "clinic"));
        FIGURES.forEach(f -> header.add(f.header()));
        return header;
    }

    /**
     * Table rows: each day and clinic; then, over several days, each clinic's sum; then, over several clinics (or
     * none), the total.
     */
    public static List<List<String>> tableRows(Report report) {
        List<List<String>> rows = new ArrayList<>();
        report.rows().forEach((row, tally) -> rows.add(cells(row.day().toString(), row.clinic(), tally)));
        Map<String, Tally> clinics = report.byClinic();
        boolean severalDays = report.rows().keySet().stream().map(Report.Row::day).distinct().count() > 1;
        if (severalDays) {
            clinics.forEach((clinic, tally) -> rows.add(cells("all days", clinic, tally)));
        }
        if (clinics.size() != 1) {
            rows.add(cells("all days", "all clinics", report.total()));
        }
        return rows;
    }

    private static List<String> cells(String day, String clinic, Tally tally) {
        List<String> cells = new ArrayList<>(List.of(day, clinic));
        for (Figure figure : FIGURES) {
            Number value = figure.value().apply(tally);
            cells.add(value == null ? "-" : figure.rate() ? percent(value) : value.toString());
        }
        return cells;
    }

    private static void figures(ObjectNode node, Tally tally) {
        for (Figure figure : FIGURES) {
            Number value = figure.value().apply(tally);
            if (value == null) {
                node.putNull(figure.json());
            } else if (figure.rate()) {
                node.put(figure.json(), Double.parseDouble(fraction(value)));
            } else {
                node.put(figure.json(), value.longValue());
            }
        }
    }

    static String fraction(Number rate) {
        return String.format(Locale.ROOT, "%.4f", rate.doubleValue());
    }

    static String percent(Number rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate.doubleValue() * 100);
    }

    private static String csvText(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
