package org.appointmentreminders.contracts.ehr;

import org.appointmentreminders.contracts.Fields;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.appointmentreminders.contracts.Appointment;
import org.appointmentreminders.contracts.AppointmentChange;
import org.appointmentreminders.contracts.AppointmentChangeJson;
import org.appointmentreminders.contracts.ChangeKind;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.Patient;
import org.appointmentreminders.contracts.ReminderJson;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;

/**
 * Turns a {@link Draft} into contract messages. Each message is written with the contract's own writers and parsed
 * back with {@link ReminderParser}: what the parser refuses is never emitted, and its violations are renamed after
 * the EHR field the value came from, so a mapping can only ever be as lax as the contract itself.
 */
final class ContractGate {

    private static final List<String> CHANGE_FIELDS = List.of(Fields.APPOINTMENT_ID, Fields.UPDATED_AT,
            Fields.CHANGE_ID);
    private static final List<String> RESCHEDULE_FIELDS = List.of(Fields.APPOINTMENT_ID, Fields.UPDATED_AT,
            Fields.CHANGE_ID, Fields.START, Fields.TIME_ZONE);
    private static final List<String> REMINDER_FIELDS = List.of(Fields.APPOINTMENT_ID, Fields.START, Fields.TIME_ZONE,
            Fields.CLINIC_NAME, Fields.UPDATED_AT, Fields.PATIENT_ID, Fields.GIVEN_NAME, Fields.PHONE);
    // The start, in UTC, is part of every reminderId: a reminder for a new start is a new reminder, while the
    // same appointment sent again at the same start maps to the same reminderIds and is texted once.
    private static final DateTimeFormatter ID_START = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");

    private final MappingConfig config;
    private final ReminderParser parser;

    ContractGate(MappingConfig config, ReminderParser parser) {
        this.config = config;
        this.parser = parser;
    }

    MappingResult assemble(Draft draft) {
        Set<Violation> violations = new LinkedHashSet<>(draft.violations());
        List<ContractMessage> messages = new ArrayList<>();
        if (draft.intent != Draft.Intent.REMIND) {
            List<String> required = draft.intent == Draft.Intent.CANCEL ? CHANGE_FIELDS : RESCHEDULE_FIELDS;
            violations.addAll(draft.missing(required));
            if (draft.complete(required)) {
                change(draft, violations, messages);
            }
        }
        if (draft.intent != Draft.Intent.CANCEL) {
            violations.addAll(draft.missing(REMINDER_FIELDS));
            if (draft.complete(REMINDER_FIELDS)) {
                reminders(draft, violations, messages);
            }
        }
        return new MappingResult(draft.source, messages, List.copyOf(violations), null);
    }

    private void change(Draft draft, Set<Violation> violations, List<ContractMessage> messages) {
        boolean moved = draft.intent == Draft.Intent.RESCHEDULE;
        AppointmentChange change = new AppointmentChange(
                moved ? ChangeKind.RESCHEDULED : ChangeKind.CANCELLED,
                draft.text(Fields.CHANGE_ID),
                draft.text(Fields.APPOINTMENT_ID),
                draft.time(Fields.UPDATED_AT),
                moved ? draft.time(Fields.START) : null,
                moved ? draft.zone() : null);
        String json = AppointmentChangeJson.toJson(change);
        ParseResult parsed = parser.parse(json);
        if (parsed instanceof ParseResult.ValidChange valid) {
            messages.add(new ContractMessage.Change(valid.change(), json));
        } else if (parsed instanceof ParseResult.Invalid invalid) {
            violations.addAll(renamed(draft, invalid));
        }
    }

    private void reminders(Draft draft, Set<Violation> violations, List<ContractMessage> messages) {
        OffsetDateTime start = draft.time(Fields.START);
        Appointment appointment = new Appointment(
                draft.text(Fields.APPOINTMENT_ID),
                start,
                draft.zone(),
                draft.text(Fields.LOCATION),
                draft.text(Fields.CLINIC_NAME),
                draft.text(Fields.CLINIC_PHONE),
                draft.text(Fields.CLINIC_ID),
                draft.time(Fields.UPDATED_AT));
        Patient patient = new Patient(
                draft.text(Fields.PATIENT_ID),
                draft.text(Fields.GIVEN_NAME),
                draft.text(Fields.PHONE),
                draft.text(Fields.EMAIL),
                draft.language());
        String startId = ID_START.format(start.withOffsetSameInstant(ZoneOffset.UTC));
        for (MappingConfig.ReminderTiming timing : config.reminders()) {
            String reminderId = appointment.id() + "/" + timing.name() + "/" + startId;
            ReminderMessage reminder = new ReminderMessage(ReminderMessage.SCHEMA_VERSION_2, reminderId, appointment,
                    patient, start.minus(timing.until()));
            String json = ReminderJson.toJson(reminder);
            ParseResult parsed = parser.parse(json);
            if (parsed instanceof ParseResult.Valid valid) {
                messages.add(new ContractMessage.Reminder(valid.message(), json, start.minus(timing.before())));
            } else if (parsed instanceof ParseResult.Invalid invalid) {
                // Every reminder of one appointment fails alike; the set keeps one of each violation.
                violations.addAll(renamed(draft, invalid));
            }
        }
    }

    /** The parser's violations, named after the EHR field each value came from; the parser's sentence stays. */
    private static List<Violation> renamed(Draft draft, ParseResult.Invalid invalid) {
        List<Violation> renamed = new ArrayList<>();
        for (Violation violation : invalid.violations()) {
            String origin = draft.origin(violation.path());
            renamed.add(new Violation(origin, violation.code(), origin + ": " + violation.message()));
        }
        return renamed;
    }
}
