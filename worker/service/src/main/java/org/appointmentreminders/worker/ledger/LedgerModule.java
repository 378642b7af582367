package org.appointmentreminders.worker.ledger;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.ehr.PendingEvents;
import org.appointmentreminders.worker.receipts.DeliveryRecords;
import org.appointmentreminders.worker.replies.ReplyRecords;
import org.appointmentreminders.worker.pipeline.ReminderLedger;

/** The DynamoDB outcome ledger: reminders' claims and outcomes, and what their texts led to. */
public final class LedgerModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ReminderLedger.class).to(OutcomeLedger.class);
        bind(OutcomeLedger.class);
        bind(TextCap.class);
        bind(DeliveryRecords.class).to(LoopLedger.class);
        bind(ReplyRecords.class).to(LoopLedger.class);
        bind(PendingEvents.class).to(LoopLedger.class);
        bind(LoopLedger.class);
    }
}
