package org.appointmentreminders.worker.pipeline;

import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.delivery.SendResult;

/** Emails the reminder to the patient's address, which the caller has checked is present. */
public interface EmailChannel {
    SendResult send(ReminderMessage reminder);
}
