package org.appointmentreminders.worker.cli.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An appointment as the EHR's latest change left it: SCHEDULED or CANCELLED, the EHR's time of that change, and the
 * changes applied ("time kind changeId", oldest first). Its start time is not shown.
 */
public record AppointmentRecord(String status, Instant changedAt, List<String> changes) {

    static AppointmentRecord of(Map<String, AttributeValue> item) {
        AttributeValue status = item.get(LedgerAttributes.APPOINTMENT_STATUS);
        AttributeValue changedAt = item.get(LedgerAttributes.APPOINTMENT_UPDATED_AT);
        AttributeValue changes = item.get(LedgerAttributes.APPOINTMENT_CHANGES);
        return new AppointmentRecord(status == null ? null : status.s(),
                changedAt == null || changedAt.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(changedAt.n())),
                changes == null || !changes.hasL() ? List.of()
                        : changes.l().stream().map(AttributeValue::s).filter(java.util.Objects::nonNull).toList());
    }
}
