package org.appointmentreminders.worker.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.appointmentreminders.worker.queue.Settler;
import org.appointmentreminders.worker.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ledger records of reminders that ended (something may have been sent) whose write failed. Recording must not be
 * given up: if the claim's lease ran out unrecorded, another receive could send the same reminder again. They are
 * retried on a schedule (never by a sleeping thread) until the lease ends; the message stays hidden meanwhile and is
 * deleted once recorded. It uses the {@link Settler}, so it is closed before it, and its last records still delete.
 */
@Singleton
public final class PendingRecords implements Managed {
    private static final Logger log = LoggerFactory.getLogger(PendingRecords.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    private static final Duration LONGEST_WAIT_AT_CLOSE = Duration.ofSeconds(5);

    private final ReminderLedger ledger;
    private final Settler settler;
    private final Clock clock;
    private final Duration lease;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("ledger-pending-records"));
    /** Records not yet written nor given up; guarded by this. */
    private int pending;

    @Inject
    public PendingRecords(ReminderLedger ledger, Settler settler, Clock clock, WorkerConfig.Ledger ledgerConfig) {
        this.ledger = ledger;
        this.settler = settler;
        this.clock = clock;
        this.lease = ledgerConfig.lease();
    }

    /** Keeps trying to record how the reminder ended; deletes the message once recorded. */
    public void keepTrying(InboundMessage message, Decision.LedgerWrite.Final record, Outcome outcome) {
        Instant giveUpAt = clock.instant().plus(lease);
        // The message must not come back while its record is pending.
        settler.postpone(message, lease);
        synchronized (this) {
            pending++;
        }
        schedule(new Attempt(message, record, outcome, giveUpAt, FIRST_RETRY));
    }

    private void schedule(Attempt attempt) {
        if (retries.isShutdown()) {
            ended();
            return;
        }
        retries.schedule(() -> run(attempt), attempt.delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Attempt attempt) {
        Decision.LedgerWrite.Final record = attempt.record;
        ledger.recordFinal(record.claim(), attempt.outcome, record.delivery(), record.unusedText(), record.tell())
                .whenComplete((recorded, failure) -> {
                    if (failure == null) {
                        settler.delete(attempt.message);
                        log.info("Pending ledger record written after retries");
                        ended();
                    } else if (clock.instant().isAfter(attempt.giveUpAt)) {
                        log.error("Gave up recording a sent reminder: the ledger was unreachable for the whole"
                                + " lease; a later receive may send it again ({})", AwsErrors.code(failure));
                        ended();
                    } else {
                        schedule(attempt.withDelay(Backoff.doubled(attempt.delay, LONGEST_RETRY)));
                    }
                });
    }

    private synchronized void ended() {
        pending--;
        notifyAll();
    }

    /**
     * Lets the attempts already scheduled run, and those under way finish (they may still delete their messages),
     * for a few seconds at most.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + LONGEST_WAIT_AT_CLOSE.toNanos();
        try {
            synchronized (this) {
                while (pending > 0 && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            }
            retries.shutdownNow();
            if (stillPending() > 0) {
                log.warn("Ledger records still pending at shutdown; their messages come back after the lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized int stillPending() {
        return pending;
    }

    private record Attempt(InboundMessage message, Decision.LedgerWrite.Final record, Outcome outcome,
                           Instant giveUpAt, Duration delay) {
        Attempt withDelay(Duration next) {
            return new Attempt(message, record, outcome, giveUpAt, next);
        }
    }
}
