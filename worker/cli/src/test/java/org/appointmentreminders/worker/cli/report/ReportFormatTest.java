package org.appointmentreminders.worker.cli.report;

import static org.appointmentreminders.worker.cli.report.ReportItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ReportFormatTest {
    static Report report() {
        SortedMap<Report.Row, Tally> rows = new TreeMap<>();
        add(rows, item("2026-11-30", "clinic-7", "SMS_SENT", true, "DELIVERED", "CONFIRMED"));
        add(rows, item("2026-11-30", "clinic-7", "SMS_SENT", true, "UNDELIVERABLE", null));
        add(rows, item("2026-11-30", "name:Riverside, East", "EMAIL_SENT", false, null, null));
        add(rows, item("2026-12-01", "clinic-7", "CANCELLED", false, null, null));
        add(rows, item("2026-12-01", "clinic-7", "SMS_SENT", true, "DELIVERED", "OPTED_OUT"));
        return new Report(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-02"), null, rows,
                new Report.Cost(3, 3, 5, 640, 1.5, 3.0, 42));
    }

    private static void add(SortedMap<Report.Row, Tally> rows, Map<String, AttributeValue> item) {
        rows.computeIfAbsent(new Report.Row(LocalDate.parse(item.get("reportDay").s()), item.get("clinicKey").s()),
                r -> new Tally()).add(item);
    }

    @Test
    void csvHasOneLinePerDayAndClinicWithFractionsAndQuotedNames() {
        assertThat(ReportFormat.csv(report())).isEqualTo(
                "day,clinic,handled,sent,texted,delivered,undeliverable,emailed,confirmed,reschedule_requested,"
                        + "opted_out,suppressed,capped,expired,failed,in_progress,delivery_rate,confirmation_rate,"
                        + "email_share\n"
                        + "2026-11-30,clinic-7,2,2,2,1,1,0,1,0,0,0,0,0,0,0,0.5000,0.5000,0.0000\n"
                        + "2026-11-30,\"name:Riverside, East\",1,1,0,0,0,1,0,0,0,0,0,0,0,0,,0.0000,1.0000\n"
                        + "2026-12-01,clinic-7,2,1,1,1,0,0,0,0,1,1,0,0,0,0,1.0000,0.0000,0.0000\n");
    }

    @Test
    void jsonHasRowsClinicsTotalAndCost() {
        JsonNode json = ReportFormat.json(report());

        assertThat(json.get("rows")).hasSize(3);
        assertThat(json.get("clinics").findValuesAsText("clinic"))
                .containsExactly("clinic-7", "name:Riverside, East");
        JsonNode clinic7 = json.get("clinics").get(0);
        assertThat(clinic7.get("handled").asLong()).isEqualTo(4);
        assertThat(clinic7.get("deliveryRate").asDouble()).isEqualTo(0.6667);
        JsonNode total = json.get("total");
        assertThat(total.get("handled").asLong()).isEqualTo(5);
        assertThat(total.get("emailed").asLong()).isEqualTo(1);
        assertThat(total.get("suppressed").asLong()).isEqualTo(1);
        assertThat(total.get("emailShare").asDouble()).isEqualTo(0.25);
        assertThat(json.get("rows").get(1).get("deliveryRate").isNull()).isTrue();
        assertThat(json.get("cost").get("readUnits").asDouble()).isEqualTo(1.5);
        assertThat(json.get("cost").get("readUnitsReported").asDouble()).isEqualTo(3.0);
    }

    @Test
    void tableAddsEachClinicsSumOverSeveralDaysAndTheTotalOverSeveralClinics() {
        List<List<String>> rows = ReportFormat.tableRows(report());

        assertThat(rows).extracting(row -> row.get(0) + "|" + row.get(1)).containsExactly(
                "2026-11-30|clinic-7", "2026-11-30|name:Riverside, East", "2026-12-01|clinic-7",
                "all days|clinic-7", "all days|name:Riverside, East", "all days|all clinics");
        List<String> total = rows.get(rows.size() - 1);
        assertThat(total.get(ReportFormat.header().indexOf("handled"))).isEqualTo("5");
        assertThat(total.get(ReportFormat.header().indexOf("deliv. %"))).isEqualTo("66.7%");
        assertThat(rows.get(1).get(ReportFormat.header().indexOf("deliv. %"))).isEqualTo("-");
    }

    @Test
    void everyDayOfThePeriodHasASumEvenWithoutReminders() {
        assertThat(report().byDay().keySet()).containsExactly(LocalDate.parse("2026-11-30"),
                LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"));
        assertThat(report().byDay().get(LocalDate.parse("2026-12-02")).handled()).isZero();
    }
}
