package org.appointmentreminders.localaws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients aimed at a set of endpoints; tests and provisioning share them. Close it to release connections. End User
 * Messaging SMS is there only where the endpoints have it ({@link #hasSmsVoice}): the emulator front, or AWS itself.
 */
public final class AwsClients implements AutoCloseable {
    private final SqsClient sqs;
    private final SnsClient sns;
    private final SesClient ses;
    private final DynamoDbClient dynamoDb;
    private final CloudWatchClient cloudWatch;
    private final PinpointSmsVoiceV2Client smsVoice;
    private final AwsEndpoints endpoints;

    public AwsClients(AwsEndpoints endpoints) {
        this.endpoints = endpoints;
        AwsCredentialsProvider credentials = endpoints.local()
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsEndpoints.LOCAL_ACCESS_KEY, AwsEndpoints.LOCAL_SECRET_KEY))
                : DefaultCredentialsProvider.builder().build();
        Region region = Region.of(endpoints.region());
        this.sqs = aim(SqsClient.builder(), endpoints.sqs(), region, credentials).build();
        this.sns = aim(SnsClient.builder(), endpoints.sns(), region, credentials).build();
        this.ses = aim(SesClient.builder(), endpoints.ses(), region, credentials).build();
        this.dynamoDb = aim(DynamoDbClient.builder(), endpoints.dynamodb(), region, credentials).build();
        this.cloudWatch = aim(CloudWatchClient.builder(), endpoints.cloudwatch(), region, credentials).build();
        this.smsVoice = endpoints.smsVoice().isPresent() || !endpoints.local()
                ? endpoints.smsVoice().map(uri -> aim(PinpointSmsVoiceV2Client.builder(), uri, region, credentials))
                        .orElseGet(() -> PinpointSmsVoiceV2Client.builder().region(region)
                                .credentialsProvider(credentials)).build()
                : null;
    }

    private static <B extends AwsClientBuilder<B, ?>> B aim(
            B builder, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint).region(region).credentialsProvider(credentials);
    }

    /** The endpoints these clients are aimed at. */
    public AwsEndpoints endpoints() {
        return endpoints;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SnsClient sns() {
        return sns;
    }

    public SesClient ses() {
        return ses;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    /** True where End User Messaging SMS answers: the emulator front, or AWS itself; not LocalStack's community runtime. */
    public boolean hasSmsVoice() {
        return smsVoice != null;
    }

    /** End User Messaging SMS (pinpoint-sms-voice-v2); see {@link #hasSmsVoice}. */
    public PinpointSmsVoiceV2Client smsVoice() {
        if (smsVoice == null) {
            throw new IllegalStateException("these endpoints have no End User Messaging SMS (pinpoint-sms-voice-v2):"
                    + " LocalStack's community runtime lacks it; the project's emulator front serves it");
        }
        return smsVoice;
    }

    @Override
    public void close() {
        sqs.close();
        sns.close();
        ses.close();
        dynamoDb.close();
        cloudWatch.close();
        if (smsVoice != null) {
            smsVoice.close();
        }
    }
}
