package org.appointmentreminders.contracts.ehr;

import static org.appointmentreminders.contracts.ehr.Samples.RIVERSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reminders of one input that a change later in it (or earlier, but newer by the EHR's clock) stops. */
class SupersededRemindersTest {

    private final Hl7v2Mapper mapper = new Hl7v2Mapper(RIVERSIDE);

    private List<ContractMessage> mapped(String... samples) {
        StringBuilder er7 = new StringBuilder();
        for (String sample : samples) {
            er7.append(Samples.read("hl7v2", sample));
        }
        return mapper.mapAll(er7.toString()).stream().flatMap(result -> result.messages().stream()).toList();
    }

    @Test
    void aBookingCancelledInTheSameInputHasNoReminderToSend() {
        assertThat(SupersededReminders.in(mapped("s12-new-booking-v251.hl7", "s15-cancelled-v251.hl7")))
                .containsExactlyInAnyOrder("APPT-1001/72h/20261215T143000Z", "APPT-1001/24h/20261215T143000Z");
    }

    @Test
    void theOrderOfTheInputDoesNotMatterOnlyTheEhrsClock() {
        assertThat(SupersededReminders.in(mapped("s15-cancelled-v251.hl7", "s12-new-booking-v251.hl7")))
                .containsExactlyInAnyOrder("APPT-1001/72h/20261215T143000Z", "APPT-1001/24h/20261215T143000Z");
    }

    @Test
    void aRescheduleStopsTheRemindersOfTheOldStartAndKeepsTheNewOnes() {
        List<ContractMessage> messages = mapped("s12-new-booking-v251.hl7", "s13-rescheduled-v251.hl7");
        List<String> newStart = messages.stream().filter(m -> m instanceof ContractMessage.Reminder)
                .map(ContractMessage::id).filter(id -> id.endsWith("20261217T190000Z")).toList();

        assertThat(newStart).as("the S13's own reminders, for its new start").hasSize(2);
        assertThat(SupersededReminders.in(messages))
                .containsExactlyInAnyOrder("APPT-1001/72h/20261215T143000Z", "APPT-1001/24h/20261215T143000Z")
                .doesNotContainAnyElementsOf(newStart);
    }

    @Test
    void aBookingAloneOrAnotherAppointmentsCancellationStopsNothing() {
        assertThat(SupersededReminders.in(mapped("s12-new-booking-v251.hl7"))).isEmpty();
        assertThat(SupersededReminders.in(mapped("s12-new-booking-v23-formatted-phones.hl7",
                "s15-cancelled-v251.hl7"))).as("APPT-1002's booking, APPT-1001's cancellation").isEmpty();
    }
}
