package org.appointmentreminders.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "Show what sits in the dead-letter queue without consuming it: reminderId, whether it was "
                + "rejected or failed, why, how often it was received, how old it is, and its ledger "
                + "status. Never shows a phone number, an email address or a name.",
            "",
            "Listing receives each message once (hidden for at most a minute, then released), so "
                + "'receives' counts earlier listings too."},
        footerHeading = "%nExamples:%n",
        footer = {"  reminders dlq list --max 50", "  reminders dlq list --json | jq '.[].reason'"})
final class DlqListCommand implements Callable<Integer> {
    @Option(names = "--max", paramLabel = "N", defaultValue = "100", description = "At most N messages (default 100).")
    int max;

    @Option(names = "--json", description = "One JSON array, for scripts.")
    boolean json;

    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
        if (max < 1) {
            throw new Target.UsageProblem("--max must be at least 1");
        }
        try (SqsClient sqs = SqsClient.create(); DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            DeadLetters deadLetters = new DeadLetters(sqs, dynamoDb, target.deadLetterUrl(), target.ledgerTableOrNull());
            List<Message> messages = deadLetters.peek(max);
            Instant now = Instant.now();
            List<DeadLetters.Row> rows = messages.stream().map(m -> deadLetters.describe(m, now)).toList();
            if (json) {
                ArrayNode array = new ObjectMapper().createArrayNode();
                rows.forEach(row -> array.add(row.toJson()));
                System.out.println(array.toPrettyString());
                return 0;
            }
            if (rows.isEmpty()) {
                System.out.println("The dead-letter queue is empty.");
                return 0;
            }
            Table table = new Table("reminderId", "kind", "reason", "receives", "age", "ledger");
            for (DeadLetters.Row row : rows) {
                table.row(row.reminderId() == null ? "(unreadable)" : row.reminderId(), row.kind(), row.reason(),
                        row.receives(), age(row.age()), row.ledgerStatus());
            }
            table.print(System.out);
            System.out.printf("%n%d shown%s%n", rows.size(), rows.size() == max ? " (--max reached; there may be"
                    + " more)" : "");
            return 0;
        }
    }

    static String age(Duration age) {
        if (age == null) {
            return "-";
        }
        if (age.toDays() > 0) {
            return age.toDays() + "d" + age.toHoursPart() + "h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + "h" + age.toMinutesPart() + "m";
        }
        return age.toMinutes() > 0 ? age.toMinutes() + "m" + age.toSecondsPart() + "s" : age.toSeconds() + "s";
    }
}
