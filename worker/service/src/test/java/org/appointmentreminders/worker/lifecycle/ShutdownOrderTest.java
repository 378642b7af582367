package org.appointmentreminders.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.appointmentreminders.worker.WorkerService;
import org.appointmentreminders.worker.fakes.FakeAws;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.WorkerModule;
import org.appointmentreminders.worker.pipeline.Claim;
import org.appointmentreminders.worker.pipeline.Decision;
import org.appointmentreminders.worker.pipeline.Delivery;
import org.appointmentreminders.worker.pipeline.Outcome;
import org.appointmentreminders.worker.pipeline.PendingRecords;
import org.appointmentreminders.worker.queue.InboundMessage;
import org.junit.jupiter.api.Test;

/** The worker stops its parts after the parts that use them, so work handed over during a stop is not lost. */
class ShutdownOrderTest {

    @Test
    void aLedgerRecordRetriedDuringShutdownStillDeletesItsMessage() {
        FakeAws aws = new FakeAws();
        Injector injector = WorkerModule.injector(aws.workerModule(FakeAws.config(Map.of()), Clock.systemUTC()));
        PendingRecords pending = injector.getInstance(PendingRecords.class);
        WorkerService worker = injector.getInstance(WorkerService.class);
        InboundMessage message = new InboundMessage("m-1", "receipt-1", "{}", 1, Instant.now(), Instant.now(),
                Map.of());

        // The SMS went out but its ledger write failed: the record is retried in the background.
        pending.keepTrying(message, new Decision.LedgerWrite.Final(new Claim("r-1", "token", false),
                Delivery.sms("sns-1")), Outcome.SMS_SENT);
        worker.stop();

        assertThat(aws.dynamoDb.updates).as("the pending record was written")
                .filteredOn(update -> update.key().get(LedgerAttributes.REMINDER_ID).s().equals("r-1")).hasSize(1);
        assertThat(aws.sqs.deletedReceiptHandles).as("its message was deleted").containsExactly("receipt-1");
    }
}
