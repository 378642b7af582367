package org.appointmentreminders.worker.sms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.pipeline.OptOuts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsAsyncClient;

/**
 * Numbers that replied STOP, from SNS, refreshed in the background. Asking SNS per message would cost a call per
 * reminder; a person who opted out gets the email fallback at once, never another text.
 */
@Singleton
public final class OptOutList implements OptOuts, Managed {
    private static final Logger log = LoggerFactory.getLogger(OptOutList.class);

    private final SnsAsyncClient sns;
    private final long refreshSeconds;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sms-opt-out-refresh"));
    private volatile Set<String> optedOut = Set.of();

    @Inject
    public OptOutList(SnsAsyncClient sns, WorkerConfig.Sms sms) {
        this.sns = sns;
        this.refreshSeconds = Math.max(1, sms.optOutRefresh().toSeconds());
    }

    /** Loads the list now, then keeps it fresh. */
    @Override
    public void start() {
        refresh();
        refresher.scheduleWithFixedDelay(this::refresh, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    }

    @Override
    public boolean isOptedOut(String e164) {
        return optedOut.contains(e164);
    }

    void refresh() {
        try {
            Set<String> numbers = new HashSet<>();
            // On its own thread, so waiting for the pages holds no one up.
            sns.listPhoneNumbersOptedOutPaginator(r -> { }).subscribe(page -> numbers.addAll(page.phoneNumbers()))
                    .join();
            optedOut = Set.copyOf(numbers);
            log.debug("Opt-out list refreshed: {} numbers", numbers.size());
        } catch (java.util.concurrent.CompletionException | SdkException e) {
            // Keep the last list; SNS itself still refuses to deliver to opted-out numbers.
            log.warn("Could not refresh the SMS opt-out list: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
