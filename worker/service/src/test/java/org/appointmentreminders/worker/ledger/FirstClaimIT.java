package org.appointmentreminders.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.pipeline.ChangeResult;
import org.appointmentreminders.worker.pipeline.FirstClaim;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestChanges;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A new reminder's claim and guard in one transaction, against the emulated DynamoDB: it writes all of the claim and
 * the text it takes, or, when the reminder is known or the guard refuses, nothing at all.
 */
@ExtendWith(LocalAwsExtension.class)
class FirstClaimIT {
    private static final OffsetDateTime BOOKED = OffsetDateTime.now(ZoneId.of("America/New_York")).minusDays(1)
            .truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aNewReminderIsClaimedWithItsTextAndAKnownOneIsLeftAsItWas(AwsEndpoints endpoints, AwsClients aws) {
        ProvisionedStack stack = Stacks.fresh(aws, "first-claim");
        TestReminders reminder = TestReminders.reminder();
        Ledger items = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            OutcomeLedger ledger = worker.get(OutcomeLedger.class);

            FirstClaim first = ledger.claimNew(reminder.message(), "m-1", true).join().orElseThrow();

            Map<String, AttributeValue> item = items.item(reminder.reminderId()).orElseThrow();
            assertThat(item.get(LedgerAttributes.STATUS).s()).isEqualTo("CLAIMED");
            assertThat(item.get(LedgerAttributes.CLAIM_TOKEN).s()).isEqualTo(first.claim().token());
            assertThat(item.get(LedgerAttributes.HELD_TEXT).s())
                    .isEqualTo(first.heldText().key() + "|" + first.heldText().slot());
            assertThat(items.item(first.heldText().key()).orElseThrow().get(LedgerAttributes.CAP_TEXTS).ss())
                    .containsExactly(first.heldText().slot());

            assertThat(ledger.claimNew(reminder.message(), "m-2", true).join()).as("known already").isEmpty();
            assertThat(items.item(reminder.reminderId()).orElseThrow()).as("left as it was").isEqualTo(item);
        }
    }

    @Test
    void aCancelledAppointmentOrAFullCapRefusesAndWritesNothing(AwsEndpoints endpoints, AwsClients aws) {
        ProvisionedStack stack = Stacks.fresh(aws, "first-claim-refused");
        TestReminders cancelled = TestReminders.reminder().v2(BOOKED);
        TestReminders texted = TestReminders.reminder();
        TestReminders samePhone = TestReminders.reminder().phone(texted.phone());
        Ledger items = new Ledger(aws, stack);

        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            OutcomeLedger ledger = worker.get(OutcomeLedger.class);
            String change = TestChanges.cancelled(cancelled.appointmentId(), BOOKED.plusHours(1));
            assertThat(ledger.recordChange(((ParseResult.ValidChange) new ReminderParser().parse(change)).change())
                    .join()).isEqualTo(ChangeResult.RECORDED);

            assertThat(ledger.claimNew(cancelled.message(), "m-1", true).join()).as("cancelled").isEmpty();
            assertThat(items.item(cancelled.reminderId())).as("nothing written").isEmpty();

            // One text a day per phone: the first reminder takes it, the second finds the cap full.
            assertThat(ledger.claimNew(texted.message(), "m-2", true).join()).isPresent();
            assertThat(ledger.claimNew(samePhone.message(), "m-3", true).join()).as("capped").isEmpty();
            assertThat(items.item(samePhone.reminderId())).as("nothing written").isEmpty();
            // Without a text to take, the cap does not stand in the way.
            assertThat(ledger.claimNew(samePhone.message(), "m-4", false).join()).hasValueSatisfying(
                    first -> assertThat(first.heldText()).isNull());
            assertThat(items.item(samePhone.reminderId()).orElseThrow()).doesNotContainKey(LedgerAttributes.HELD_TEXT);
        }
    }
}
