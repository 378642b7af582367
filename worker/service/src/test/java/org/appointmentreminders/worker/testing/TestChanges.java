package org.appointmentreminders.worker.testing;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.AppointmentChangeJson;
import org.appointmentreminders.contracts.ChangeKind;

/** Appointment changes (contract v2) as an EHR would send them. */
public final class TestChanges {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TestChanges() {
    }

    public static String cancelled(String appointmentId, OffsetDateTime updatedAt) {
        return AppointmentChangeJson.toJson(new AppointmentChange(ChangeKind.CANCELLED, changeId(), appointmentId,
                updatedAt, null, null));
    }

    public static String rescheduled(String appointmentId, OffsetDateTime updatedAt, OffsetDateTime newStart) {
        return AppointmentChangeJson.toJson(new AppointmentChange(ChangeKind.RESCHEDULED, changeId(), appointmentId,
                updatedAt, newStart.atZoneSameInstant(NEW_YORK).toOffsetDateTime(), NEW_YORK));
    }

    private static String changeId() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
