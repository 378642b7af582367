package org.appointmentreminders.worker.testing;

import java.util.Map;
import java.util.Optional;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads ledger items the way an operator would, straight from the table. */
public final class Ledger {
    private final AwsClients aws;
    private final String table;

    public Ledger(AwsClients aws, ProvisionedStack stack) {
        this.aws = aws;
        this.table = stack.ledgerTable();
    }

    public Optional<Map<String, AttributeValue>> item(String key) {
        Map<String, AttributeValue> item = aws.dynamoDb().getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(LedgerAttributes.REMINDER_ID, AttributeValue.fromS(key)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    public Optional<String> status(String key) {
        return item(key).map(item -> item.get(LedgerAttributes.STATUS)).map(AttributeValue::s);
    }

    /** Every reminder's item; the worker's own items in the table (the fleet's SMS rate share) carry no status. */
    public java.util.List<Map<String, AttributeValue>> all() {
        java.util.List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
        aws.dynamoDb().scanPaginator(r -> r.tableName(table).consistentRead(true))
                .forEach(page -> page.items().stream().filter(item -> item.containsKey(LedgerAttributes.STATUS))
                        .forEach(items::add));
        return items;
    }
}
