package org.appointmentreminders.worker.email;

import com.google.inject.AbstractModule;
import org.appointmentreminders.worker.pipeline.EmailChannel;

/** The email fallback through SES templates. */
public final class EmailModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(EmailChannel.class).to(EmailFallback.class);
        bind(EmailFallback.class);
    }
}
