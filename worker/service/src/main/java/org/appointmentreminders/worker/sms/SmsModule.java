package org.appointmentreminders.worker.sms;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.pipeline.OptOuts;
import org.appointmentreminders.worker.pipeline.SmsChannel;
import org.appointmentreminders.worker.queue.SendCapacity;

/** Texting the patient: rendering, the SNS sender and the opt-out list. */
public final class SmsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SmsChannel.class).to(SmsSender.class);
        bind(OptOuts.class).to(OptOutList.class);
        bind(SendCapacity.class).to(SendRate.class);
        bind(SendRate.class);
        bind(FleetShare.class);
        bind(SmsRenderer.class);
        bind(SmsSender.class);
        bind(OptOutList.class);
    }
}
