package org.appointmentreminders.worker.cli.report;

import java.util.HashMap;
import java.util.Map;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Report index items as the index holds them: keys and the attributes a report counts. */
final class ReportItems {
    private static int next;

    private ReportItems() {
    }

    static Map<String, AttributeValue> item(String day, String clinic, String status, boolean texted,
                                            String delivery, String reply) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LedgerAttributes.REMINDER_ID, AttributeValue.fromS("r-" + next++));
        item.put(LedgerAttributes.REPORT_DAY, AttributeValue.fromS(day));
        item.put(LedgerAttributes.CLINIC_KEY, AttributeValue.fromS(clinic));
        item.put(LedgerAttributes.STATUS, AttributeValue.fromS(status));
        if (texted) {
            item.put(LedgerAttributes.SMS_SENT_AT, AttributeValue.fromN("1764511200000"));
        }
        if (delivery != null) {
            item.put(LedgerAttributes.DELIVERY, AttributeValue.fromS(delivery));
        }
        if (reply != null) {
            item.put(LedgerAttributes.REPLY, AttributeValue.fromS(reply));
        }
        return item;
    }
}
