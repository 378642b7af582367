package org.appointmentreminders.worker.aws;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Closes every SDK client and their shared connection pool, last thing at shutdown. */
@Singleton
public final class AwsClientsCloser implements AutoCloseable {
    private final AutoCloseable[] clients;

    @Inject
    public AwsClientsCloser(SqsClient sqs, SnsClient sns, SesClient ses, DynamoDbClient dynamoDb,
                            CloudWatchClient cloudWatch, SdkHttpClient http) {
        this.clients = new AutoCloseable[] {sqs, sns, ses, dynamoDb, cloudWatch, http};
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing left to do about it
            }
        }
    }
}
