package org.appointmentreminders.worker.ledger;

import com.google.inject.AbstractModule;

/** The DynamoDB outcome ledger. */
public final class LedgerModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(OutcomeLedger.class);
    }
}
