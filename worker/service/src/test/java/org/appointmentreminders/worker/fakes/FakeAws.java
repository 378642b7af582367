package org.appointmentreminders.worker.fakes;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.appointmentreminders.worker.WorkerModule;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.appointmentreminders.worker.config.WorkerConfig;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.ses.SesAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.ListPhoneNumbersOptedOutRequest;
import software.amazon.awssdk.services.sns.model.ListPhoneNumbersOptedOutResponse;

/**
 * The whole worker wired by its real modules, with in-memory AWS clients in place of the SDK's HTTP ones: for tests
 * of how the parts start, stop and hand work to each other. What crosses HTTP is tested against the emulators.
 */
public final class FakeAws {
    public final FakeSqs sqs = new FakeSqs();
    public final FakeDynamoDb dynamoDb = new FakeDynamoDb();
    public final List<PutMetricDataRequest> metricCalls = new CopyOnWriteArrayList<>();

    /** A configuration the worker accepts, with the health endpoint off. */
    public static WorkerConfig config(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "REMINDERS_QUEUE_URL", "http://127.0.0.1:1/000000000000/reminders",
                "REMINDERS_QUEUE_DEAD_LETTER_URL", "http://127.0.0.1:1/000000000000/reminders-dlq",
                "REMINDERS_LEDGER_TABLE", "reminder-ledger",
                "REMINDERS_EMAIL_SENDER", "reminders@example.org",
                "REMINDERS_EMAIL_TEMPLATE_PREFIX", "appointment-reminder",
                "REMINDERS_HEALTH_PORT", "0",
                "AWS_REGION", "us-east-1"));
        env.putAll(extra);
        return ConfigLoader.load(env);
    }

    /** The worker's modules with these clients bound in place of the real ones. */
    public Module workerModule(WorkerConfig config, Clock clock) {
        return Modules.override(new WorkerModule(config, clock)).with(new AbstractModule() {
            @Override
            protected void configure() {
                bind(SqsAsyncClient.class).toInstance(sqs);
                bind(DynamoDbAsyncClient.class).toInstance(dynamoDb);
                bind(SnsAsyncClient.class).toInstance(new SnsAsyncClient() {
                    @Override
                    public CompletableFuture<ListPhoneNumbersOptedOutResponse> listPhoneNumbersOptedOut(
                            ListPhoneNumbersOptedOutRequest request) {
                        return CompletableFuture.completedFuture(ListPhoneNumbersOptedOutResponse.builder().build());
                    }

                    @Override
                    public String serviceName() {
                        return SERVICE_NAME;
                    }

                    @Override
                    public void close() {
                    }
                });
                bind(SesAsyncClient.class).toInstance(new SesAsyncClient() {
                    @Override
                    public String serviceName() {
                        return SERVICE_NAME;
                    }

                    @Override
                    public void close() {
                    }
                });
                bind(CloudWatchAsyncClient.class).toInstance(new CloudWatchAsyncClient() {
                    @Override
                    public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
                        metricCalls.add(request);
                        return CompletableFuture.completedFuture(PutMetricDataResponse.builder().build());
                    }

                    @Override
                    public String serviceName() {
                        return SERVICE_NAME;
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        });
    }

    /** DynamoDB whose UpdateItem answers are chosen by the test. */
    public static final class FakeDynamoDb implements DynamoDbAsyncClient {
        public final List<UpdateItemRequest> updates = new CopyOnWriteArrayList<>();
        /** Returns the answer, or throws the failure the call's future fails with. */
        public volatile Function<UpdateItemRequest, UpdateItemResponse> onUpdate =
                request -> UpdateItemResponse.builder().build();

        @Override
        public CompletableFuture<UpdateItemResponse> updateItem(UpdateItemRequest request) {
            updates.add(request);
            try {
                return CompletableFuture.completedFuture(onUpdate.apply(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
