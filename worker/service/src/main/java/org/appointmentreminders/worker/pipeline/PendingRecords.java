package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.ledger.Claim;
import org.appointmentreminders.worker.ledger.Delivery;
import org.appointmentreminders.worker.ledger.LedgerStatus;
import org.appointmentreminders.worker.ledger.OutcomeLedger;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.Settler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Ledger writes that failed after something was already sent. Recording must not be given up: if the claim's lease
 * ran out unrecorded, another receive could send the same reminder again. They are retried on a schedule (never by a
 * sleeping thread) until the lease ends; the message stays hidden meanwhile and is deleted once recorded.
 */
@Singleton
public final class PendingRecords implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingRecords.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private final OutcomeLedger ledger;
    private final Settler settler;
    private final Clock clock;
    private final Duration lease;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("ledger-pending-records"));

    @Inject
    public PendingRecords(OutcomeLedger ledger, Settler settler, Clock clock, WorkerConfig config) {
        this.ledger = ledger;
        this.settler = settler;
        this.clock = clock;
        this.lease = config.ledger().lease();
    }

    /** Keeps trying to record {@code status}; deletes the message once recorded. */
    public void retry(InboundMessage message, Claim claim, LedgerStatus status, Delivery delivery) {
        Instant giveUpAt = clock.instant().plus(lease);
        // The message must not come back while its record is pending.
        settler.postpone(message, lease);
        schedule(new Attempt(message, claim, status, delivery, giveUpAt, FIRST_RETRY));
    }

    private void schedule(Attempt attempt) {
        retries.schedule(() -> run(attempt), attempt.delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Attempt attempt) {
        try {
            ledger.recordFinal(attempt.claim, attempt.status, attempt.delivery);
            settler.delete(attempt.message);
            log.info("Pending ledger record written after retries");
        } catch (SdkException e) {
            Instant now = clock.instant();
            if (now.isAfter(attempt.giveUpAt)) {
                log.error("Gave up recording a sent reminder: the ledger was unreachable for the whole lease;"
                        + " a later receive may send it again ({})", e.toString());
                return;
            }
            Duration next = attempt.delay.multipliedBy(2);
            schedule(attempt.withWait(next.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : next));
        }
    }

    @Override
    public void close() {
        retries.shutdown();
        try {
            if (!retries.awaitTermination(5, TimeUnit.SECONDS)) {
                retries.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Attempt(InboundMessage message, Claim claim, LedgerStatus status, Delivery delivery,
                           Instant giveUpAt, Duration delay) {
        Attempt withWait(Duration next) {
            return new Attempt(message, claim, status, delivery, giveUpAt, next);
        }
    }
}
