package org.appointmentreminders.worker.delivery;

import java.util.Set;
import org.appointmentreminders.worker.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
        String code = AwsErrors.code(failure);
        if (failure instanceof AwsServiceException service && AwsErrors.serviceCode(service) != null
                && !service.isThrottlingException() && service.statusCode() < 500
                && permanentCodes.contains(code)) {
            return new SendResult.Permanent(code);
        }
        return new SendResult.Transient(code);
    }
}
