package org.appointmentreminders.worker.pipeline;

/**
 * This worker's hold on a reminder. The token makes every later write conditional on still holding it, so a worker
 * whose lease ran out cannot overwrite the one that took over.
 */
public record Claim(String reminderId, String token, boolean smsPermanentlyFailed) {
}
