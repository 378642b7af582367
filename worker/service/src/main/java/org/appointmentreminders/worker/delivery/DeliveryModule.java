package org.appointmentreminders.worker.delivery;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.worker.email.EmailFallback;
import org.appointmentreminders.worker.sms.OptOutList;
import org.appointmentreminders.worker.sms.SmsRenderer;
import org.appointmentreminders.worker.sms.SmsSender;
import org.appointmentreminders.worker.templates.ReminderTemplates;

/** Reading the contract and reaching the patient: templates, SMS, opt-outs and the email fallback. */
public final class DeliveryModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ReminderTemplates.class);
        bind(SmsRenderer.class);
        bind(SmsSender.class);
        bind(OptOutList.class);
        bind(EmailFallback.class);
    }

    @Provides
    @Singleton
    ReminderParser parser() {
        return new ReminderParser();
    }
}
