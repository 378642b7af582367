package org.appointmentreminders.worker.pipeline;

import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.delivery.SendResult;

/** Texts the reminder to the patient's phone; the channel renders the text from the language's template. */
public interface SmsChannel {
    SendResult send(ReminderMessage reminder);
}
