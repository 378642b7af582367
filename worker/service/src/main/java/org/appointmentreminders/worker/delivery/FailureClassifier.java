package org.appointmentreminders.worker.delivery;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts an SNS or SES failure into transient (retry through the queue) or permanent (go to the fallback at once).
 * Only errors that are about the recipient are permanent; anything that could be an outage or our own
 * misconfiguration is transient, so a bad deploy delays reminders instead of sending every patient to email.
 */
public final class FailureClassifier {
    private final Set<String> permanentCodes;

    public FailureClassifier(Set<String> permanentCodes) {
        this.permanentCodes = Set.copyOf(permanentCodes);
    }

    public SendResult classify(SdkException failure) {
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String label = code == null || code.isBlank() ? "http_" + service.statusCode() : code;
            if (code != null && !service.isThrottlingException() && service.statusCode() < 500
                    && permanentCodes.contains(code)) {
                return new SendResult.Permanent(label);
            }
            return new SendResult.Transient(label);
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return new SendResult.Transient("timeout");
        }
        if (failure instanceof SdkClientException) {
            return new SendResult.Transient("client_error");
        }
        return new SendResult.Transient(failure.getClass().getSimpleName());
    }
}
