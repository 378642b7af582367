package org.appointmentreminders.worker.aws;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.appointmentreminders.worker.config.WorkerConfig;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientAsyncConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2AsyncClient;
import software.amazon.awssdk.services.ses.SesAsyncClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The AWS SDK clients, one per service, asynchronous and sharing one non-blocking connection pool: a message in
 * flight waits on the network, not on a thread, so the worker needs no thread count sized to its throughput. Region
 * and endpoints come from configuration (never from code), credentials from the standard provider chain (the ECS task
 * role in AWS). Being singletons that every sender depends on, the clients are closed after all of them, and the
 * pool after the clients.
 *
 * <p>A call's result is handed on by the network thread that received it (no hop through the SDK's own completion
 * pool): the worker's continuations never block, they only decide and start the next call.
 *
 * <p>SNS, End User Messaging and SES make no retries of their own: a failed send goes back to the queue with a
 * backoff. DynamoDB keeps the SDK's short standard retries, because a ledger write that fails after a send must not
 * be given up lightly.
 */
public final class AwsModule extends AbstractModule {
    /** Connections beyond one per message in flight: receives, batched settles, metrics, the opt-out refresh. */
    private static final int SPARE_CONNECTIONS = 32;

    private final WorkerConfig.SmsChannelKind channel;

    public AwsModule(WorkerConfig.SmsChannelKind channel) {
        this.channel = channel;
    }

    @Override
    protected void configure() {
        if (channel == WorkerConfig.SmsChannelKind.END_USER_MESSAGING) {
            // Only where it texts: a client costs start-up time, and a worker on SNS would never call this one.
            install(new EndUserMessagingClientModule());
        }
    }

    @Provides
    @Singleton
    SdkAsyncHttpClient httpClient(WorkerConfig.Processing processing, WorkerConfig.Queue queue) {
        // The AWS Common Runtime's client: its I/O runs in native code, and on the bench's clean path it cost about a
        // sixth less CPU per reminder than the SDK's Netty client. A call's time is bounded by the clients' attempt
        // timeouts (a long poll's by its wait plus a margin), so it needs no read timeout of its own.
        return AwsCrtAsyncHttpClient.builder()
                // Shared by every client: each message in flight makes one call at a time.
                .maxConcurrency(processing.maxInFlight() + queue.pollers() + SPARE_CONNECTIONS)
                .connectionTimeout(Duration.ofSeconds(2))
                .build();
    }

    @Provides
    @Singleton
    SqsAsyncClient sqs(WorkerConfig.Aws aws, WorkerConfig.Queue queue, SdkAsyncHttpClient http) {
        Duration longPoll = queue.waitTime().plusSeconds(10);
        return configure(SqsAsyncClient.builder(), aws, aws.endpoints().sqs(), http,
                overrides(longPoll.plus(aws.callTimeout()), longPoll, null)).build();
    }

    @Provides
    @Singleton
    SnsAsyncClient sns(WorkerConfig.Aws aws, SdkAsyncHttpClient http) {
        return configure(SnsAsyncClient.builder(), aws, aws.endpoints().sns(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(), AwsRetryStrategy.doNotRetry())).build();
    }

    @Provides
    @Singleton
    SesAsyncClient ses(WorkerConfig.Aws aws, SdkAsyncHttpClient http) {
        return configure(SesAsyncClient.builder(), aws, aws.endpoints().ses(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(), AwsRetryStrategy.doNotRetry())).build();
    }

    @Provides
    @Singleton
    DynamoDbAsyncClient dynamoDb(WorkerConfig.Aws aws, SdkAsyncHttpClient http) {
        return configure(DynamoDbAsyncClient.builder(), aws, aws.endpoints().dynamodb(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(),
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build())).build();
    }

    @Provides
    @Singleton
    CloudWatchAsyncClient cloudWatch(WorkerConfig.Aws aws, SdkAsyncHttpClient http) {
        return configure(CloudWatchAsyncClient.builder(), aws, aws.endpoints().cloudwatch(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(), null)).build();
    }

    private static ClientOverrideConfiguration overrides(Duration call, Duration attempt, RetryStrategy retry) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .apiCallTimeout(call)
                .apiCallAttemptTimeout(attempt);
        if (retry != null) {
            builder.retryStrategy(retry);
        }
        return builder.build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(
            B builder, WorkerConfig.Aws aws, Optional<URI> endpoint, SdkAsyncHttpClient http,
            ClientOverrideConfiguration overrides) {
        builder.region(Region.of(aws.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(http)
                .asyncConfiguration(ClientAsyncConfiguration.builder()
                        .advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run)
                        .build())
                .overrideConfiguration(overrides);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The End User Messaging SMS client, for the environments that text through it. */
    private static final class EndUserMessagingClientModule extends AbstractModule {
        @Provides
        @Singleton
        PinpointSmsVoiceV2AsyncClient smsVoice(WorkerConfig.Aws aws, SdkAsyncHttpClient http) {
            return AwsModule.configure(PinpointSmsVoiceV2AsyncClient.builder(), aws,
                    aws.endpoints().pinpointSmsVoiceV2(), http,
                    overrides(aws.callTimeout(), aws.attemptTimeout(), AwsRetryStrategy.doNotRetry())).build();
        }
    }
}
