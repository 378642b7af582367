package org.appointmentreminders.worker.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Reminders and appointments as JSON for tools: the same fields a person sees, times in ISO-8601 UTC. */
public final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {
    }

    public static ObjectNode reminder(ReminderRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("reminderId", record.reminderId());
        node.put("appointmentId", record.appointmentId());
        node.put("patientId", record.patientId());
        node.put("clinic", record.clinic());
        node.put("reportDay", record.reportDay());
        node.put("maskedPhone", record.maskedPhone());
        node.put("status", record.status());
        node.put("channel", record.channel());
        node.put("handled", record.handled());
        node.put("textsTried", record.textsTried());
        node.put("errorCode", record.errorCode());
        node.put("smsRefusedForGood", record.smsRefusedForGood());
        node.put("smsMessageId", record.smsMessageId());
        node.put("emailMessageId", record.emailMessageId());
        node.put("delivery", record.delivery());
        node.put("deliveryEvent", record.deliveryEvent());
        node.put("reply", record.reply());
        node.put("replies", record.replies());
        node.put("receivedAt", time(record.receivedAt()));
        node.put("textedAt", time(record.textedAt()));
        node.put("deliveryAt", time(record.deliveryAt()));
        node.put("replyAt", time(record.replyAt()));
        node.put("updatedAt", time(record.updatedAt()));
        node.put("summary", record.summary());
        ArrayNode timeline = node.putArray("timeline");
        for (ReminderRecord.Event event : record.timeline()) {
            timeline.addObject().put("at", time(event.at())).put("event", event.what()).put("detail", event.detail());
        }
        return node;
    }

    public static ObjectNode appointment(String appointmentId, AppointmentRecord appointment) {
        ObjectNode node = JSON.createObjectNode();
        node.put("appointmentId", appointmentId);
        node.put("status", appointment.status());
        node.put("changedAt", time(appointment.changedAt()));
        ArrayNode changes = node.putArray("changes");
        appointment.changes().forEach(changes::add);
        return node;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
