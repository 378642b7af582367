package org.appointmentreminders.worker.aws;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.appointmentreminders.worker.config.WorkerConfig;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients, one per service, sharing one connection pool. Region and endpoints come from configuration
 * (never from code), credentials from the standard provider chain (the ECS task role in AWS). Being singletons that
 * every sender depends on, the clients are closed after all of them, and the pool after the clients.
 *
 * <p>SNS and SES make no retries of their own: a failed send goes back to the queue with a backoff instead of holding
 * a thread. DynamoDB keeps the SDK's short standard retries, because a ledger write that fails after a send must not
 * be given up lightly.
 */
public final class AwsModule extends AbstractModule {

    @Provides
    @Singleton
    SdkHttpClient httpClient(WorkerConfig.Processing processing, WorkerConfig.Queue queue) {
        int connections = processing.threads() + 2 * queue.pollers() + 16;
        return ApacheHttpClient.builder()
                .maxConnections(connections)
                .connectionTimeout(Duration.ofSeconds(2))
                // Above the long-poll wait, so a receive is never cut off while waiting for messages.
                .socketTimeout(queue.waitTime().plusSeconds(10))
                .build();
    }

    @Provides
    @Singleton
    SqsClient sqs(WorkerConfig.Aws aws, WorkerConfig.Queue queue, SdkHttpClient http) {
        Duration longPoll = queue.waitTime().plusSeconds(10);
        return configure(SqsClient.builder(), aws, aws.endpoints().sqs(), http,
                overrides(longPoll.plus(aws.callTimeout()), longPoll, null)).build();
    }

    @Provides
    @Singleton
    SnsClient sns(WorkerConfig.Aws aws, SdkHttpClient http) {
        return configure(SnsClient.builder(), aws, aws.endpoints().sns(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(),
                        AwsRetryStrategy.doNotRetry())).build();
    }

    @Provides
    @Singleton
    SesClient ses(WorkerConfig.Aws aws, SdkHttpClient http) {
        return configure(SesClient.builder(), aws, aws.endpoints().ses(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(),
                        AwsRetryStrategy.doNotRetry())).build();
    }

    @Provides
    @Singleton
    DynamoDbClient dynamoDb(WorkerConfig.Aws aws, SdkHttpClient http) {
        return configure(DynamoDbClient.builder(), aws, aws.endpoints().dynamodb(), http,
                overrides(aws.callTimeout(), aws.attemptTimeout(),
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build())).build();
    }

    @Provides
    @Singleton
    CloudWatchClient cloudWatch(WorkerConfig.Aws aws, SdkHttpClient http) {
        return configure(CloudWatchClient.builder(), aws, aws.endpoints().cloudwatch(), http,
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

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, WorkerConfig.Aws aws, Optional<URI> endpoint, SdkHttpClient http,
            ClientOverrideConfiguration overrides) {
        builder.region(Region.of(aws.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(http)
                .overrideConfiguration(overrides);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
