package org.appointmentreminders.worker.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReceiptReaderTest {
    /** AWS's documented SMS event, with the context the worker sends. */
    static String event(String type, boolean isFinal, long timestamp, String context) {
        return "{\"eventType\":\"" + type + "\",\"eventVersion\":\"1.0\",\"eventTimestamp\":" + timestamp
                + ",\"isFinal\":" + isFinal + ",\"originationPhoneNumber\":\"+12065550152\","
                + "\"destinationPhoneNumber\":\"+14255550156\",\"isInternationalSend\":false,\"mcc\":\"310\","
                + "\"mnc\":\"800\",\"messageId\":\"862a8790-60c0-4430-9b2b-658bdexample\","
                + "\"messageRequestTimestamp\":1686975103170,\"messageEncoding\":\"GSM\",\"messageType\":"
                + "\"TRANSACTIONAL\",\"messageStatus\":\"DELIVERED\",\"messageStatusDescription\":\"x\","
                + "\"context\":" + context + ",\"totalMessageParts\":1,\"totalMessagePrice\":0.00581,"
                + "\"totalCarrierFee\":0.0}";
    }

    private final ReceiptReader reader = new ReceiptReader();

    @Test
    void aDeliveredEventOfAReminderTextIsItsReceipt() {
        ReceiptReader.Result result = reader.read(event("TEXT_DELIVERED", true, 1686975103470L,
                "{\"reminderId\":\"appt-1/24h\",\"purpose\":\"reminder\"}"));

        DeliveryReceipt receipt = ((ReceiptReader.Result.Receipt) result).receipt();
        assertThat(receipt).isEqualTo(new DeliveryReceipt("appt-1/24h", "862a8790-60c0-4430-9b2b-658bdexample",
                "TEXT_DELIVERED", true, Instant.ofEpochMilli(1686975103470L), true));
        assertThat(receipt.state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void anEventInsideAnSnsNotificationReadsTheSame() {
        String raw = event("TEXT_CARRIER_UNREACHABLE", true, 5L, "{\"reminderId\":\"r-1\"}");
        String envelope = "{\"Type\":\"Notification\",\"Message\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(raw) + "}";

        assertThat(reader.read(envelope)).isEqualTo(reader.read(raw));
    }

    @Test
    void theAnswerToAReplyAndTextsOfOthersAreNotAReminderReceipt() {
        DeliveryReceipt answer = ((ReceiptReader.Result.Receipt) reader.read(event("TEXT_DELIVERED", true, 5L,
                "{\"reminderId\":\"r-1\",\"purpose\":\"reply-answer\"}"))).receipt();

        assertThat(answer.forReminder()).isFalse();
        assertThat(reader.read(event("TEXT_DELIVERED", true, 5L, "{\"account\":\"bar\"}")))
                .isEqualTo(new ReceiptReader.Result.NotOurs("no_reminder_in_context"));
        assertThat(reader.read(event("VOICE_COMPLETED", true, 5L, "{\"reminderId\":\"r-1\"}")))
                .isEqualTo(new ReceiptReader.Result.NotOurs("not_a_text_event"));
    }

    @Test
    void whatIsNotAnEventIsRefusedWithACode() {
        assertThat(reader.read("nope")).isEqualTo(new ReceiptReader.Result.Unreadable("receipt_not_json"));
        assertThat(reader.read("{\"eventType\":\"TEXT_DELIVERED\"}"))
                .isEqualTo(new ReceiptReader.Result.Unreadable("receipt_missing_fields"));
        assertThat(reader.read("x".repeat(ReceiptReader.LARGEST_BODY + 1)))
                .isEqualTo(new ReceiptReader.Result.Unreadable("receipt_too_large"));
    }

    @Test
    void aFinalReceiptOutranksEveryOneThatIsNotAndThenTheLaterWins() {
        DeliveryReceipt pendingLate = receipt("TEXT_PENDING", false, 9_000);
        DeliveryReceipt deliveredEarly = receipt("TEXT_DELIVERED", true, 1_000);
        DeliveryReceipt unreachableLater = receipt("TEXT_CARRIER_UNREACHABLE", true, 2_000);

        assertThat(deliveredEarly.rank()).isGreaterThan(pendingLate.rank());
        assertThat(unreachableLater.rank()).isGreaterThan(deliveredEarly.rank());
        assertThat(pendingLate.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(unreachableLater.state()).isEqualTo(DeliveryState.UNDELIVERABLE);
        assertThat(receipt("TEXT_SUCCESSFUL", true, 1).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(receipt("TEXT_SUCCESSFUL", false, 1).state()).isEqualTo(DeliveryState.PENDING);
        assertThat(receipt("TEXT_CARRIER_UNREACHABLE", false, 1).state()).isEqualTo(DeliveryState.PENDING);
    }

    private static DeliveryReceipt receipt(String type, boolean isFinal, long millis) {
        return new DeliveryReceipt("r-1", "m-1", type, isFinal, Instant.ofEpochMilli(1_700_000_000_000L + millis),
                true);
    }
}
