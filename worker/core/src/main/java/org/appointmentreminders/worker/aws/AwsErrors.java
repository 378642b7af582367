package org.appointmentreminders.worker.aws;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** A failed AWS call as a short code for logs, the ledger and metrics: never the message, which may echo input. */
public final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * The code of a failed call's future, unwrapped from the {@code CompletionException} a future reports it in; a
     * failure that is not an AWS call's is named by its type.
     */
    public static String code(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof SdkException sdk ? code(sdk) : cause.getClass().getSimpleName();
    }

    /** What went wrong, without the wrappers futures add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The service's error code; else {@code http_<status>}, {@code timeout}, {@code client_error} or the type. */
    public static String code(SdkException failure) {
        if (failure instanceof AwsServiceException service) {
            String code = serviceCode(service);
            return code == null ? "http_" + service.statusCode() : code;
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return "timeout";
        }
        if (failure instanceof SdkClientException) {
            return "client_error";
        }
        return failure.getClass().getSimpleName();
    }

    /** The error code the service sent, or null when it sent none. */
    public static String serviceCode(AwsServiceException failure) {
        String code = failure.awsErrorDetails() == null ? null : failure.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? null : code;
    }
}
