package org.appointmentreminders.worker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ses.model.SesException;
import software.amazon.awssdk.services.sns.model.SnsException;

class FailureClassifierTest {
    private final FailureClassifier sns = new FailureClassifier(Set.of(
            "InvalidParameter", "InvalidParameterValue", "OptedOut", "EndpointDisabled"));

    private static SnsException snsError(String code, int status) {
        return (SnsException) SnsException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .statusCode(status)
                .build();
    }

    @Test
    void throttlingIsThrottledNotTheRemindersFault() {
        assertThat(sns.classify(snsError("Throttling", 400))).isEqualTo(new SendResult.Throttled("Throttling"));
        assertThat(sns.classify(snsError("ThrottlingException", 400)))
                .isEqualTo(new SendResult.Throttled("ThrottlingException"));
        assertThat(sns.classify(new java.util.concurrent.CompletionException(snsError("Throttling", 400))))
                .as("as a failed future reports it").isEqualTo(new SendResult.Throttled("Throttling"));
    }

    @Test
    void throttlingStatusWinsOverAListedCode() {
        assertThat(sns.classify(snsError("InvalidParameter", 429)))
                .isEqualTo(new SendResult.Throttled("InvalidParameter"));
    }

    @Test
    void throttlingCodeIsThrottledEvenWhenListedAsPermanent() {
        FailureClassifier classifier = new FailureClassifier(Set.of("Throttling"));

        assertThat(classifier.classify(snsError("Throttling", 400))).isInstanceOf(SendResult.Throttled.class);
    }

    @Test
    void serverErrorsAreTransientEvenWithAListedCode() {
        assertThat(sns.classify(snsError("InternalError", 500))).isEqualTo(new SendResult.Transient("InternalError"));
        assertThat(sns.classify(snsError("InvalidParameter", 500)))
                .isEqualTo(new SendResult.Transient("InvalidParameter"));
        assertThat(sns.classify(snsError("ServiceUnavailable", 503)))
                .isInstanceOf(SendResult.Transient.class);
    }

    @Test
    void listedCodeAtAClientErrorIsPermanent() {
        assertThat(sns.classify(snsError("InvalidParameter", 400)))
                .isEqualTo(new SendResult.Permanent("InvalidParameter"));
        assertThat(sns.classify(snsError("OptedOut", 400))).isEqualTo(new SendResult.Permanent("OptedOut"));
        assertThat(sns.classify(snsError("EndpointDisabled", 400)))
                .isEqualTo(new SendResult.Permanent("EndpointDisabled"));
    }

    @Test
    void unlistedClientErrorIsTransient() {
        assertThat(sns.classify(snsError("AuthorizationError", 403)))
                .isEqualTo(new SendResult.Transient("AuthorizationError"));
        assertThat(sns.classify(snsError("AuthorizationError", 400)))
                .isEqualTo(new SendResult.Transient("AuthorizationError"));
        assertThat(sns.classify(snsError("NotFound", 404))).isEqualTo(new SendResult.Transient("NotFound"));
    }

    @Test
    void missingErrorCodeIsLabelledWithTheStatus() {
        SnsException noDetails = (SnsException) SnsException.builder().statusCode(502).build();
        SnsException blankCode = snsError(" ", 400);

        assertThat(sns.classify(noDetails)).isEqualTo(new SendResult.Transient("http_502"));
        assertThat(sns.classify(blankCode)).isEqualTo(new SendResult.Transient("http_400"));
    }

    @Test
    void clientErrorWithoutAnErrorCodeIsTransient() {
        SnsException noDetails = (SnsException) SnsException.builder().statusCode(403).build();
        SnsException noCode = (SnsException) SnsException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().build())
                .statusCode(400)
                .build();

        assertThat(sns.classify(noDetails)).isEqualTo(new SendResult.Transient("http_403"));
        assertThat(sns.classify(noCode)).isEqualTo(new SendResult.Transient("http_400"));
    }

    @Test
    void sesCodesAreClassifiedByTheirOwnList() {
        FailureClassifier ses = new FailureClassifier(Set.of("MessageRejected", "InvalidParameterValue"));
        SesException rejected = (SesException) SesException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("MessageRejected").build())
                .statusCode(400)
                .build();

        assertThat(ses.classify(rejected)).isEqualTo(new SendResult.Permanent("MessageRejected"));
        assertThat(sns.classify(rejected)).isEqualTo(new SendResult.Transient("MessageRejected"));
    }

    @Test
    void timeoutsAreTransient() {
        assertThat(sns.classify(ApiCallTimeoutException.builder().message("call took too long").build()))
                .isEqualTo(new SendResult.Transient("timeout"));
        assertThat(sns.classify(ApiCallAttemptTimeoutException.builder().message("attempt took too long").build()))
                .isEqualTo(new SendResult.Transient("timeout"));
    }

    @Test
    void clientErrorsAreTransient() {
        assertThat(sns.classify(SdkClientException.create("Unable to execute HTTP request")))
                .isEqualTo(new SendResult.Transient("client_error"));
    }
}
