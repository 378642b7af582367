package org.appointmentreminders.worker.templates;

import com.google.inject.AbstractModule;

/** The per-language texts both the SMS and the email are made from. */
public final class TemplatesModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ReminderTemplates.class);
    }
}
