package org.appointmentreminders.worker.ledger;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.pipeline.ReminderLedger;

/** The DynamoDB outcome ledger. */
public final class LedgerModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ReminderLedger.class).to(OutcomeLedger.class);
        bind(OutcomeLedger.class);
        bind(TextCap.class);
    }
}
