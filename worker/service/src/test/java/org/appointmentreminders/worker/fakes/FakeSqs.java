package org.appointmentreminders.worker.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * An in-memory SQS queue for tests of the worker's own logic (lifecycle, settling), where no HTTP is involved. It
 * answers only the calls the worker makes and records every delete, visibility change and dead-letter send.
 */
public final class FakeSqs implements SqsAsyncClient {
    public static final int VISIBILITY_TIMEOUT_SECONDS = 120;
    public static final int MAX_RECEIVE_COUNT = 5;

    private final BlockingQueue<Message> waiting = new LinkedBlockingQueue<>();
    public final List<String> deletedReceiptHandles = new CopyOnWriteArrayList<>();
    public final List<Map.Entry<String, Integer>> visibilityChanges = new CopyOnWriteArrayList<>();
    public final List<SendMessageRequest> sent = new CopyOnWriteArrayList<>();

    public void offer(Message message) {
        waiting.add(message);
    }

    @Override
    public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest request) {
        return CompletableFuture.completedFuture(GetQueueAttributesResponse.builder().attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_TIMEOUT_SECONDS),
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":" + MAX_RECEIVE_COUNT
                        + ",\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:reminders-dlq\"}",
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, Integer.toString(waiting.size()),
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")).build());
    }

    @Override
    public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest request) {
        List<Message> messages = new ArrayList<>();
        try {
            Message first = waiting.poll(50, TimeUnit.MILLISECONDS);
            if (first != null) {
                messages.add(first);
                waiting.drainTo(messages, request.maxNumberOfMessages() - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CompletableFuture.completedFuture(ReceiveMessageResponse.builder().messages(messages).build());
    }

    @Override
    public CompletableFuture<DeleteMessageBatchResponse> deleteMessageBatch(DeleteMessageBatchRequest request) {
        request.entries().forEach(entry -> deletedReceiptHandles.add(entry.receiptHandle()));
        return CompletableFuture.completedFuture(DeleteMessageBatchResponse.builder().build());
    }

    @Override
    public CompletableFuture<ChangeMessageVisibilityBatchResponse> changeMessageVisibilityBatch(
            ChangeMessageVisibilityBatchRequest request) {
        request.entries().forEach(entry -> visibilityChanges.add(
                Map.entry(entry.receiptHandle(), entry.visibilityTimeout())));
        return CompletableFuture.completedFuture(ChangeMessageVisibilityBatchResponse.builder().build());
    }

    @Override
    public CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request) {
        sent.add(request);
        return CompletableFuture.completedFuture(SendMessageResponse.builder().messageId("dlq-" + sent.size()).build());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
