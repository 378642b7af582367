package org.appointmentreminders.worker.sms;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.pipeline.OptOuts;
import org.appointmentreminders.worker.pipeline.SmsChannel;
import org.appointmentreminders.worker.queue.SendCapacity;

/**
 * Texting the patient: rendering, the pace, and the environment's channel. Through SNS the worker keeps SNS's list of
 * opted-out numbers itself; End User Messaging refuses an opted-out number on the send, which says so.
 */
public final class SmsModule extends AbstractModule {
    private final WorkerConfig.SmsChannelKind channel;

    public SmsModule(WorkerConfig.SmsChannelKind channel) {
        this.channel = channel;
    }

    @Override
    protected void configure() {
        bind(SmsChannel.class).to(SmsSender.class);
        bind(TextSender.class).to(SmsSender.class);
        bind(SendCapacity.class).to(SendRate.class);
        bind(SendRate.class);
        bind(FleetShare.class);
        bind(SmsRenderer.class);
        bind(SmsSender.class);
        if (channel == WorkerConfig.SmsChannelKind.END_USER_MESSAGING) {
            bind(TextApi.class).to(EndUserMessagingTextApi.class);
            bind(EndUserMessagingTextApi.class);
            bind(OptOuts.class).toInstance(phone -> false);
        } else {
            bind(TextApi.class).to(SnsTextApi.class);
            bind(SnsTextApi.class);
            bind(OptOuts.class).to(OptOutList.class);
            bind(OptOutList.class);
        }
    }
}
