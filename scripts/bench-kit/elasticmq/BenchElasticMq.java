import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ alone, for the benchmark: SQS on {@code --port}. Queue URLs name the host and port each request was sent
 * to, so a queue created through the benchmark responder (which passes SQS calls through and counts them) is named
 * by the responder's address. Runs until SIGTERM; writes {@code --ready-file} once it answers.
 *
 * <pre>java -cp CLASSPATH BenchElasticMq --port N [--region R] [--ready-file PATH]</pre>
 */
public final class BenchElasticMq {
    public static void main(String[] args) throws Exception {
        int port = 0;
        String region = "us-east-1";
        Path ready = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--region" -> region = args[i + 1];
                case "--ready-file" -> ready = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required");
        }
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                // "*": the address of each queue URL is taken from the request's Host header.
                .withServerAddress(new NodeAddress("http", "*", port, ""))
                .withAWSRegion(region)
                .withAWSAccountId("000000000000")
                .start();
        server.waitUntilStarted();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stopAndWait();
            stopped.countDown();
        }, "elasticmq-stop"));
        if (ready != null) {
            Path partial = Path.of(ready + ".tmp");
            Files.writeString(partial, ProcessHandle.current().pid() + "\n");
            Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("ElasticMQ on 127.0.0.1:" + port);
        stopped.await();
    }
}
