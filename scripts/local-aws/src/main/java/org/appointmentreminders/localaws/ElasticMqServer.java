package org.appointmentreminders.localaws;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ inside this JVM: SQS with redrive policies, receive counts and the DLQ message-move API. */
final class ElasticMqServer implements AutoCloseable {
    static final String ACCOUNT_ID = "000000000000";

    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMqServer(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static ElasticMqServer start(String host, int port, String region) {
        // Queue URLs must carry the real host and port, or SDK calls made with them would go nowhere.
        SQSRestServer server = SQSRestServerBuilder.withInterface(host)
                .withPort(port)
                .withServerAddress(new NodeAddress("http", host, port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        server.waitUntilStarted();
        return new ElasticMqServer(server, URI.create("http://" + host + ":" + port));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
