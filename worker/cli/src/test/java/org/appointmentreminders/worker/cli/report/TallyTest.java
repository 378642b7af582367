package org.appointmentreminders.worker.cli.report;

import static org.appointmentreminders.worker.cli.report.ReportItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TallyTest {
    @Test
    void eachReminderCountsWhereItsStatusTextReceiptAndReplyPutIt() {
        Tally tally = new Tally();
        tally.add(item("2026-11-30", "c", "SMS_SENT", true, "DELIVERED", "CONFIRMED"));
        tally.add(item("2026-11-30", "c", "SMS_SENT", true, "DELIVERED", "RESCHEDULE_REQUESTED"));
        tally.add(item("2026-11-30", "c", "SMS_SENT", true, "UNDELIVERABLE", null));
        tally.add(item("2026-11-30", "c", "SMS_SENT", true, "PENDING", "OPTED_OUT"));
        tally.add(item("2026-11-30", "c", "EMAIL_SENT", true, "UNDELIVERABLE", null));
        tally.add(item("2026-11-30", "c", "EMAIL_SENT", false, null, null));
        tally.add(item("2026-11-30", "c", "CANCELLED", false, null, null));
        tally.add(item("2026-11-30", "c", "STALE", false, null, null));
        tally.add(item("2026-11-30", "c", "CAPPED", false, null, null));
        tally.add(item("2026-11-30", "c", "EXPIRED", false, null, null));
        tally.add(item("2026-11-30", "c", "FAILED", false, null, null));
        tally.add(item("2026-11-30", "c", "CLAIMED", false, null, null));

        assertThat(tally.handled()).isEqualTo(12);
        assertThat(tally.sent()).isEqualTo(6);
        assertThat(tally.sentByText()).isEqualTo(4);
        assertThat(tally.texted()).isEqualTo(5);
        assertThat(tally.delivered()).isEqualTo(2);
        assertThat(tally.undeliverable()).isEqualTo(2);
        assertThat(tally.emailed()).isEqualTo(2);
        assertThat(tally.confirmed()).isEqualTo(1);
        assertThat(tally.rescheduleRequested()).isEqualTo(1);
        assertThat(tally.optedOut()).isEqualTo(1);
        assertThat(tally.suppressed()).isEqualTo(2);
        assertThat(tally.capped()).isEqualTo(1);
        assertThat(tally.expired()).isEqualTo(1);
        assertThat(tally.failed()).isEqualTo(1);
        assertThat(tally.inProgress()).isEqualTo(1);
        assertThat(tally.deliveryRate()).isEqualTo(2.0 / 5);
        assertThat(tally.confirmationRate()).isEqualTo(1.0 / 6);
        assertThat(tally.emailShare()).isEqualTo(2.0 / 6);
    }

    @Test
    void ratesWithNothingToDivideByAreUnknownNotZero() {
        Tally tally = new Tally();
        tally.add(item("2026-11-30", "c", "EXPIRED", false, null, null));

        assertThat(tally.deliveryRate()).isNull();
        assertThat(tally.confirmationRate()).isNull();
        assertThat(tally.emailShare()).isNull();
    }

    @Test
    void textsWithoutAnyReceiptHaveNoDeliveryRate() {
        Tally sns = new Tally();
        sns.add(item("2026-11-30", "c", "SMS_SENT", true, null, null));
        sns.add(item("2026-11-30", "c", "SMS_SENT", true, null, null));
        assertThat(sns.deliveryRate()).as("SNS reports no delivery per message: unknown, not 0 %").isNull();

        sns.add(item("2026-11-30", "c", "SMS_SENT", true, "UNDELIVERABLE", null));
        assertThat(sns.deliveryRate()).as("with receipts, a text without one counts as not delivered").isZero();
    }

    @Test
    void sumsAddEveryFigure() {
        Tally a = new Tally();
        a.add(item("2026-11-30", "c", "SMS_SENT", true, "DELIVERED", "CONFIRMED"));
        Tally b = new Tally();
        b.add(item("2026-12-01", "c", "EMAIL_SENT", true, "UNDELIVERABLE", null));

        Tally sum = new Tally().add(a).add(b);

        assertThat(sum.handled()).isEqualTo(2);
        assertThat(sum.texted()).isEqualTo(2);
        assertThat(sum.delivered()).isEqualTo(1);
        assertThat(sum.undeliverable()).isEqualTo(1);
        assertThat(sum.emailed()).isEqualTo(1);
        assertThat(sum.confirmed()).isEqualTo(1);
        assertThat(sum.deliveryRate()).isEqualTo(0.5);
    }
}
