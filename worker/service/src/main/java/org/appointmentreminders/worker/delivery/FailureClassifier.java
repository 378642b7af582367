package org.appointmentreminders.worker.delivery;

import java.util.Set;
import org.appointmentreminders.worker.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

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

    /** A failed call's exception, or its future's failure (unwrapped here). */
    public SendResult classify(Throwable failure) {
        Throwable cause = AwsErrors.unwrap(failure);
        String code = AwsErrors.code(cause);
        if (cause instanceof AwsServiceException service && service.isThrottlingException()) {
            return new SendResult.Throttled(code);
        }
        if (cause instanceof AwsServiceException service && AwsErrors.serviceCode(service) != null
                && !service.isThrottlingException() && service.statusCode() < 500
                && permanentCodes.contains(code)) {
            return new SendResult.Permanent(code);
        }
        return new SendResult.Transient(code);
    }
}
