package org.appointmentreminders.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** show, history and report refuse a wrong call with exit 2 and what is wrong, before any AWS call. */
class SupportCommandsUsageTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RemindersCli.commandLine();
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void reportRefusesAPeriodThatEndsBeforeItStarts() {
        assertThat(run("report", "--from", "2026-12-02", "--to", "2026-12-01", "--ledger-table", "t")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --to 2026-12-01 is before --from 2026-12-02");
    }

    @Test
    void reportRefusesMoreThanTenYearsAndABadParallelism() {
        assertThat(run("report", "--from", "2000-01-01", "--to", "2026-12-01", "--ledger-table", "t")).isEqualTo(2);
        assertThat(err.toString()).contains("at most 3660 days in one report");
        assertThat(run("report", "--from", "2026-12-01", "--to", "2026-12-01", "--parallel", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--parallel takes 1 to 64, not 0");
    }

    @Test
    void reportRefusesAFormatItDoesNotHave() {
        assertThat(run("report", "--from", "2026-12-01", "--to", "2026-12-01", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--format").contains("table, csv, json");
    }

    @Test
    void historyNeedsOnePatientOrOneAppointmentAndSinceOnlyWithAPatient() {
        assertThat(run("history", "--ledger-table", "t")).isEqualTo(2);
        assertThat(err.toString()).contains("--patient=ID").contains("--appointment=ID");
        assertThat(run("history", "--patient", "P-1", "--appointment", "a-1")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
        assertThat(run("history", "--appointment", "a-1", "--since", "30d", "--ledger-table", "t")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --since goes with --patient");
        assertThat(run("history", "--patient", "P-1", "--since", "last week", "--ledger-table", "t")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --since takes a date");
    }

    @Test
    void showNeedsAReminderIdAndALedgerTable() {
        assertThat(run("show")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'REMINDER_ID'");
    }
}
