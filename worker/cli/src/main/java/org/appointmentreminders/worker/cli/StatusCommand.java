package org.appointmentreminders.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.ledger.layout.LedgerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "How the reminder service is doing: messages waiting, in flight and dead-lettered, the "
                + "age of the oldest waiting message (from CloudWatch, when it has data), and how many "
                + "reminders ended in each state over the last hours, from the ledger."},
        footerHeading = "%nExamples:%n",
        footer = {"  reminders status", "  reminders status --hours 1 --json"})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--hours", paramLabel = "N", defaultValue = "24",
            description = "Count ledger outcomes of the last N hours (default 24).")
    int hours;

    @Option(names = "--json", description = "One JSON object, for scripts.")
    boolean json;

    @Mixin
    Target target;

    @Override
    public Integer call() {
        if (hours < 1) {
            throw new Target.UsageProblem("--hours must be at least 1");
        }
        try (SqsClient sqs = SqsClient.create(); DynamoDbClient dynamoDb = DynamoDbClient.create();
             CloudWatchClient cloudWatch = CloudWatchClient.create()) {
            Map<QueueAttributeName, String> queue = depths(sqs, target.queueUrl());
            Map<QueueAttributeName, String> dlq = depths(sqs, target.deadLetterUrl());
            Long oldestSeconds = oldestMessageAge(cloudWatch, queue.get(QueueAttributeName.QUEUE_ARN));
            Map<String, Long> outcomes = outcomes(dynamoDb, target.ledgerTable(), Instant.now().minus(
                    Duration.ofHours(hours)));
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                root.put("waiting", number(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                root.put("inFlight", number(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
                root.put("delayed", number(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
                root.put("deadLettered", number(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                        + number(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
                if (oldestSeconds != null) {
                    root.put("oldestMessageAgeSeconds", oldestSeconds);
                } else {
                    root.putNull("oldestMessageAgeSeconds");
                }
                root.put("hours", hours);
                ObjectNode counts = root.putObject("outcomes");
                outcomes.forEach(counts::put);
                System.out.println(root.toPrettyString());
                return 0;
            }
            Table queues = new Table("queue", "waiting", "in flight", "delayed", "oldest");
            queues.row("reminders", number(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                    number(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                    number(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                    oldestSeconds == null ? "no data" : DlqListCommand.age(Duration.ofSeconds(oldestSeconds)));
            queues.row("dead-letter", number(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                    number(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                    number(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED), "-");
            queues.print(System.out);
            System.out.printf("%nReminders by outcome, last %d h (ledger):%n", hours);
            Table table = new Table("status", "count");
            outcomes.forEach(table::row);
            table.print(System.out);
            return 0;
        }
    }

    private static Map<QueueAttributeName, String> depths(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                QueueAttributeName.QUEUE_ARN)).attributes();
    }

    private static long number(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** SQS has this only as a CloudWatch metric; without recent data (a new queue, an emulator) it is unknown. */
    private static Long oldestMessageAge(CloudWatchClient cloudWatch, String queueArn) {
        String queueName = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        Instant now = Instant.now();
        try {
            List<Datapoint> points = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/SQS")
                    .metricName("ApproximateAgeOfOldestMessage")
                    .dimensions(d -> d.name("QueueName").value(queueName))
                    .startTime(now.minus(Duration.ofMinutes(15))).endTime(now).period(60)
                    .statistics(Statistic.MAXIMUM)).datapoints();
            return points.stream().max(java.util.Comparator.comparing(Datapoint::timestamp))
                    .map(p -> p.maximum().longValue()).orElse(null);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            return null;
        }
    }

    /** Counts per status through the ledger's status index: no scan, whatever the table's size. */
    static Map<String, Long> outcomes(DynamoDbClient dynamoDb, String table, Instant since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (LedgerStatus status : LedgerStatus.values()) {
            long count = 0;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> exclusiveStart = start;
                var page = dynamoDb.query(r -> r.tableName(table).indexName(LedgerAttributes.STATUS_INDEX)
                        .keyConditionExpression("#status = :status AND #updated >= :since")
                        .expressionAttributeNames(Map.of("#status", LedgerAttributes.STATUS,
                                "#updated", LedgerAttributes.UPDATED_AT))
                        .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status.name()),
                                ":since", AttributeValue.fromN(Long.toString(since.toEpochMilli()))))
                        .select(Select.COUNT)
                        .exclusiveStartKey(exclusiveStart));
                count += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (start != null);
            counts.put(status.name(), count);
        }
        return counts;
    }
}
