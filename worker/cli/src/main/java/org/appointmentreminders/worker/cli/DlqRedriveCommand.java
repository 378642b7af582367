package org.appointmentreminders.worker.cli;

import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.appointmentreminders.worker.queue.DeadLetterAttributes;
import org.appointmentreminders.worker.sqs.SqsLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@Command(
        name = "redrive",
        mixinStandardHelpOptions = true,
        description = {
            "Move messages from the dead-letter queue back to the reminder queue, once the cause of "
                + "their failure is fixed. The worker then handles them as new: a reminder already texted "
                + "or emailed is recognised by its reminderId and not sent again.",
            "",
            "Rejected messages (those that break the contract) stay where they are unless "
                + "--include-rejected is given: they would only be rejected again.",
            "",
            "When everything is to move, this starts an SQS message move task (the API behind the "
                + "console's \"Start DLQ redrive\") and follows it; --status lists such tasks. Otherwise, "
                + "or where the endpoint has no move tasks, it moves messages itself: receive, send to the "
                + "reminder queue, then delete from the dead-letter queue, never the other way round."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  reminders dlq redrive --dry-run          # what would move",
            "  reminders dlq redrive --rate 10          # at most 10 messages per second",
            "  reminders dlq redrive --max 100",
            "  reminders dlq redrive --status"})
final class DlqRedriveCommand implements Callable<Integer> {
    /** The most a move task accepts. */
    private static final int MAX_TASK_RATE = 500;

    @Option(names = "--max", paramLabel = "N", description = "Move at most N messages.")
    Integer max;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "50",
            description = "At most R messages per second (default 50), so the worker is not flooded.")
    int rate;

    @Option(names = "--dry-run", description = "Report what would move; move nothing.")
    boolean dryRun;

    @Option(names = "--include-rejected", description = "Move rejected (contract-breaking) messages too.")
    boolean includeRejected;

    @Option(names = "--status", description = "List the dead-letter queue's move tasks and exit.")
    boolean status;

    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || (max != null && max < 1)) {
            throw new Target.UsageProblem("--rate and --max must be at least 1");
        }
        try (SqsClient sqs = SqsClient.create(); DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            String dlqArn = arn(sqs, target.deadLetterUrl());
            if (status) {
                return printTasks(sqs, dlqArn);
            }
            DeadLetters deadLetters = new DeadLetters(sqs, dynamoDb, target.deadLetterUrl(), target.ledgerTableOrNull());
            Census census = census(deadLetters);
            if (dryRun) {
                long moving = includeRejected ? census.total : census.total - census.rejected;
                System.out.printf("%s in the dead-letter queue: %d failed, %d rejected. Would move %d%s"
                                + " (dry run, nothing moved)%n", Table.count(census.total, "message"),
                        census.total - census.rejected,
                        census.rejected, max == null ? moving : Math.min(max, moving),
                        includeRejected || census.rejected == 0 ? "" : "; rejected ones stay");
                return 0;
            }
            if (max == null && (includeRejected || census.rejected == 0)) {
                Integer moved = withMoveTask(sqs, dlqArn, arn(sqs, target.queueUrl()), census.total);
                if (moved != null) {
                    System.out.printf("Moved %s back to the reminder queue (SQS move task)%n",
                            Table.count(moved, "message"));
                    return 0;
                }
            }
            return byHand(sqs, deadLetters, census);
        }
    }

    /** Counts what is there, by peeking; rejected messages decide whether a move task may be used. */
    private static Census census(DeadLetters deadLetters) {
        List<Message> all = deadLetters.peek(Integer.MAX_VALUE);
        long rejected = all.stream().filter(deadLetters::isRejected).count();
        return new Census(all.size(), rejected);
    }

    /** Returns the number moved, or null when the endpoint has no move tasks. */
    private Integer withMoveTask(SqsClient sqs, String dlqArn, String queueArn, long expected) throws Exception {
        String handle;
        try {
            handle = sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn).destinationArn(queueArn)
                    .maxNumberOfMessagesPerSecond(Math.min(rate, MAX_TASK_RATE))).taskHandle();
        } catch (AwsServiceException e) {
            System.err.println("note: no move task on this endpoint (" + e.awsErrorDetails().errorCode()
                    + "); moving messages one by one");
            return null;
        }
        Progress progress = new Progress(System.err, "Moving", expected);
        while (true) {
            Thread.sleep(1000);
            // SQS lists a task's handle only while it runs, newest task first, and runs one task per queue at a
            // time: once ours has finished, it is the newest task without a handle.
            List<ListMessageMoveTasksResultEntry> tasks = sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn)
                    .maxResults(10)).results();
            ListMessageMoveTasksResultEntry task = tasks.stream().filter(t -> handle.equals(t.taskHandle()))
                    .findFirst().or(() -> tasks.stream().filter(t -> t.taskHandle() == null).findFirst())
                    .orElse(null);
            if (task == null) {
                continue;
            }
            long moved = task.approximateNumberOfMessagesMoved() == null ? 0 : task.approximateNumberOfMessagesMoved();
            progress.update(moved);
            switch (task.status()) {
                case "COMPLETED" -> {
                    progress.finish();
                    return (int) moved;
                }
                case "FAILED", "CANCELLED" -> {
                    progress.finish();
                    throw new IllegalStateException("the move task " + task.status().toLowerCase()
                            + (task.failureReason() == null ? "" : ": " + task.failureReason()) + " after "
                            + moved + " messages; run again to move the rest");
                }
                default -> {
                    // RUNNING or CANCELLING: keep following it
                }
            }
        }
    }

    /** Receive, send to the reminder queue, then delete: a message is never gone from both queues. */
    private int byHand(SqsClient sqs, DeadLetters deadLetters, Census census) {
        long goal = includeRejected ? census.total : census.total - census.rejected;
        if (max != null) {
            goal = Math.min(goal, max);
        }
        Progress progress = new Progress(System.err, "Moving", goal);
        RateLimiter limiter = RateLimiter.create(rate);
        List<Message> skipped = new ArrayList<>();
        int moved = 0;
        int failed = 0;
        int empty = 0;
        while (moved < goal && empty < 2) {
            List<Message> page = deadLetters.receive((int) Math.min(SqsLimits.MAX_BATCH, goal - moved), 60);
            empty = page.isEmpty() ? empty + 1 : 0;
            for (Message message : page) {
                if (moved >= goal || (!includeRejected && deadLetters.isRejected(message))) {
                    skipped.add(message);
                    continue;
                }
                limiter.acquire();
                try {
                    sqs.sendMessage(r -> r.queueUrl(target.queueUrl()).messageBody(message.body())
                            .messageAttributes(withoutOurs(message.messageAttributes())));
                    sqs.deleteMessage(r -> r.queueUrl(target.deadLetterUrl())
                            .receiptHandle(message.receiptHandle()));
                    moved++;
                    progress.advance(1);
                } catch (AwsServiceException e) {
                    failed++;
                    System.err.println("not moved: " + message.messageId() + " (" + e.awsErrorDetails().errorCode()
                            + "); it stays in the dead-letter queue");
                }
            }
        }
        deadLetters.release(skipped);
        progress.finish();
        System.out.printf("Moved %s back to the reminder queue; %d rejected left in place; %d failed%n",
                Table.count(moved, "message"), includeRejected ? 0 : census.rejected, failed);
        return failed == 0 ? 0 : RemindersCli.EXIT_FAILED;
    }

    /** The dead-letter reason attributes belong to that queue, not to a retried message. */
    private static Map<String, MessageAttributeValue> withoutOurs(Map<String, MessageAttributeValue> attributes) {
        Map<String, MessageAttributeValue> kept = new HashMap<>();
        attributes.forEach((name, value) -> {
            if (!DeadLetterAttributes.isOurs(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    private static int printTasks(SqsClient sqs, String dlqArn) {
        List<ListMessageMoveTasksResultEntry> tasks = sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn)
                .maxResults(10)).results();
        if (tasks.isEmpty()) {
            System.out.println("No move tasks for this dead-letter queue.");
            return 0;
        }
        Table table = new Table("status", "moved", "to move", "rate/s", "started", "failure");
        for (ListMessageMoveTasksResultEntry task : tasks) {
            table.row(task.status(), task.approximateNumberOfMessagesMoved(),
                    task.approximateNumberOfMessagesToMove(), task.maxNumberOfMessagesPerSecond(),
                    task.startedTimestamp() == null ? null
                            : DlqListCommand.age(Duration.between(Instant.ofEpochMilli(task.startedTimestamp()),
                                    Instant.now())) + " ago",
                    task.failureReason());
        }
        table.print(System.out);
        return 0;
    }

    private static String arn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private record Census(long total, long rejected) {
    }
}
