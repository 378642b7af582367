package org.appointmentreminders.localaws;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One fault the emulator front injects: for calls to {@code service} (and {@code operation}, and request parameters
 * equal to {@code match}, when given), answer with {@code error} at HTTP {@code status}, with probability
 * {@code rate}, after {@code latencyMs}; stop after {@code count} injections when it is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(
        String service,
        String operation,
        Map<String, String> match,
        String error,
        Integer status,
        String message,
        Double rate,
        Integer latencyMs,
        Integer count) {

    public static FaultRule error(String service, String operation, String errorCode, int httpStatus) {
        return new FaultRule(service, operation, null, errorCode, httpStatus, null, 1.0, null, null);
    }

    public static FaultRule latency(String service, String operation, int latencyMs) {
        return new FaultRule(service, operation, null, null, null, null, 1.0, latencyMs, null);
    }

    public FaultRule matching(String parameter, String value) {
        return new FaultRule(service, operation, Map.of(parameter, value), error, status, message, rate, latencyMs,
                count);
    }

    public FaultRule withRate(double probability) {
        return new FaultRule(service, operation, match, error, status, message, probability, latencyMs, count);
    }

    public FaultRule times(int injections) {
        return new FaultRule(service, operation, match, error, status, message, rate, latencyMs, injections);
    }
}
