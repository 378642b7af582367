package org.appointmentreminders.worker.pipeline;

/** Phone numbers whose owner replied STOP: they get no text, only the email fallback. */
public interface OptOuts {
    boolean isOptedOut(String e164);
}
