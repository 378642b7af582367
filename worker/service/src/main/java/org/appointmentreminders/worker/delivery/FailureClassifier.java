package org.appointmentreminders.worker.delivery;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.appointmentreminders.worker.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Sorts an SNS or SES failure into transient (retry through the queue) or permanent (go to the fallback at once).
 * Only errors that are about the recipient are permanent; anything that could be an outage or our own
 * misconfiguration is transient, so a bad deploy delays reminders instead of sending every patient to email.
 */
public final class FailureClassifier {
    private final Set<String> permanentCodes;
    private final Function<AwsServiceException, Optional<String>> reasonOf;

    public FailureClassifier(Set<String> permanentCodes) {
        this(permanentCodes, failure -> Optional.empty());
    }

    /**
     * For services whose error code alone does not say whose fault it is: {@code reasonOf} reads the reason the error
     * carries, and the code becomes {@code Code:REASON} (as listed in {@code permanentCodes}).
     */
    public FailureClassifier(Set<String> permanentCodes, Function<AwsServiceException, Optional<String>> reasonOf) {
        this.permanentCodes = Set.copyOf(permanentCodes);
        this.reasonOf = reasonOf;
    }

    /** A failed call's exception, or its future's failure (unwrapped here). */
    public SendResult classify(Throwable failure) {
        Throwable cause = AwsErrors.unwrap(failure);
        String code = AwsErrors.code(cause);
        if (cause instanceof AwsServiceException service) {
            code = reasonOf.apply(service).map(reason -> AwsErrors.code(cause) + ":" + reason).orElse(code);
        }
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
