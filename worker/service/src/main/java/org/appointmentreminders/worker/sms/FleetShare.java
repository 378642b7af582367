package org.appointmentreminders.worker.sms;

import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.EXPIRES_AT;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.FLEET_MEMBER_PREFIX;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.FLEET_SMS_RATE_KEY;
import static org.appointmentreminders.worker.ledger.layout.LedgerAttributes.REMINDER_ID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.appointmentreminders.worker.aws.AwsErrors;
import org.appointmentreminders.worker.concurrent.DaemonThreads;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * This worker's share of the origination identity's messages per second, which every worker of the environment
 * draws on: the identity's rate divided by the workers alive. Each worker says it is alive every heartbeat with one
 * UpdateItem on a single item of the ledger table, and the answer (the whole item) tells who else is: so the share
 * follows the fleet within a heartbeat or two as ECS adds and removes tasks, at one DynamoDB call per worker per
 * heartbeat, whatever the volume. A worker that stops takes itself off the item; one that dies drops out when its
 * last heartbeat is three heartbeats old.
 *
 * <p>Why a shared count and not only backing off on {@code Throttling}: probing for the limit by being throttled
 * costs throttled sends and leaves the fleet below the limit half the time; knowing the number of workers lets each
 * send at its share from the start. {@link SendRate} still backs off when AWS throttles anyway.
 */
@Singleton
public final class FleetShare implements Managed {
    private static final Logger log = LoggerFactory.getLogger(FleetShare.class);
    private static final int HEARTBEATS_TO_DROP_OUT = 3;
    private static final Duration ITEM_RETENTION = Duration.ofDays(1);

    private final DynamoDbAsyncClient dynamoDb;
    private final Clock clock;
    private final String table;
    private final double identityRate;
    private final Duration heartbeat;
    private final String me = FLEET_MEMBER_PREFIX + UUID.randomUUID();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sms-fleet-share"));
    private volatile int workers = 1;
    /** Members seen stale at the last heartbeat, taken off at the next. */
    private volatile List<String> stale = List.of();

    @Inject
    public FleetShare(DynamoDbAsyncClient dynamoDb, Clock clock, WorkerConfig.Ledger ledger, WorkerConfig.Sms sms) {
        this.dynamoDb = dynamoDb;
        this.clock = clock;
        this.table = ledger.table();
        this.identityRate = sms.ratePerSecond();
        this.heartbeat = sms.fleetHeartbeat();
    }

    /** Messages per second this worker may send now. */
    public double messagesPerSecond() {
        return identityRate / workers;
    }

    /** How many workers share the rate, this one included, as last seen. */
    public int workers() {
        return workers;
    }

    /** Joins before anything is received, so the first sends already go at the share. */
    @Override
    public void start() {
        beat();
        timer.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    void beat() {
        Instant now = clock.instant();
        Map<String, String> names = new HashMap<>(Map.of("#me", me, "#expires", EXPIRES_AT));
        Map<String, AttributeValue> values = Map.of(
                ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                ":expires", AttributeValue.fromN(Long.toString(now.plus(ITEM_RETENTION).getEpochSecond())));
        StringBuilder expression = new StringBuilder("SET #me = :now, #expires = :expires");
        List<String> leaving = stale;
        for (int i = 0; i < leaving.size(); i++) {
            names.put("#gone" + i, leaving.get(i));
            expression.append(i == 0 ? " REMOVE " : ", ").append("#gone").append(i);
        }
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of(REMINDER_ID, AttributeValue.fromS(FLEET_SMS_RATE_KEY)))
                    .updateExpression(expression.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).join().attributes();
            count(item, now);
        } catch (RuntimeException e) {
            // Keep the last share: the fleet rarely changes in a heartbeat, and SendRate backs off if it did.
            log.warn("Could not refresh the fleet's SMS share ({} workers as last seen): {}", workers,
                    AwsErrors.code(e));
        }
    }

    private void count(Map<String, AttributeValue> item, Instant now) {
        long oldest = now.minus(heartbeat.multipliedBy(HEARTBEATS_TO_DROP_OUT)).toEpochMilli();
        int alive = 0;
        List<String> seenStale = new ArrayList<>();
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            if (!attribute.getKey().startsWith(FLEET_MEMBER_PREFIX) || attribute.getValue().n() == null) {
                continue;
            }
            if (Long.parseLong(attribute.getValue().n()) >= oldest || attribute.getKey().equals(me)) {
                alive++;
            } else {
                seenStale.add(attribute.getKey());
            }
        }
        int before = workers;
        workers = Math.max(1, alive);
        stale = List.copyOf(seenStale);
        if (workers != before) {
            log.info("SMS rate shared by {} workers: {} messages per second here", workers,
                    String.format("%.2f", messagesPerSecond()));
        }
    }

    /** Leaves the fleet, so the others take up this worker's share at their next heartbeat. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of(REMINDER_ID, AttributeValue.fromS(FLEET_SMS_RATE_KEY)))
                    .updateExpression("REMOVE #me")
                    .expressionAttributeNames(Map.of("#me", me))).get(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Could not leave the fleet's SMS share; the others notice within {} s: {}",
                    heartbeat.multipliedBy(HEARTBEATS_TO_DROP_OUT).toSeconds(), AwsErrors.code(e));
        }
    }
}
