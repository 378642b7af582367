package org.appointmentreminders.worker.fakes;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** SNS Publish in memory, for tests of the worker's own logic: records each publish, or fails them when told. */
public final class FakeSns implements SnsAsyncClient {
    public final List<PublishRequest> published = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public CompletableFuture<PublishResponse> publish(PublishRequest request) {
        if (failing) {
            return CompletableFuture.failedFuture(SdkClientException.create("unreachable"));
        }
        published.add(request);
        return CompletableFuture.completedFuture(PublishResponse.builder().messageId("sns-" + published.size())
                .build());
    }

    @Override
    public CompletableFuture<PublishResponse> publish(java.util.function.Consumer<PublishRequest.Builder> request) {
        PublishRequest.Builder builder = PublishRequest.builder();
        request.accept(builder);
        return publish(builder.build());
    }

    @Override
    public String serviceName() {
        return "sns";
    }

    @Override
    public void close() {
    }
}
