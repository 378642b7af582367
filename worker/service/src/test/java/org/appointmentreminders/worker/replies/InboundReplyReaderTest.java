package org.appointmentreminders.worker.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundReplyReaderTest {
    private static final Instant QUEUED = Instant.parse("2026-12-03T15:00:00Z");
    private static final String PAYLOAD = "{\"originationNumber\":\"+14255550182\",\"destinationNumber\":"
            + "\"+12125550101\",\"messageKeyword\":\"KEYWORD_123\",\"messageBody\":\" Yes! \",\"inboundMessageId\":"
            + "\"cae173d2-66b9-564c-8309-21f858e9fb84\",\"previousPublishedMessageId\":\"text-1\"}";
    private final InboundReplyReader reader = new InboundReplyReader();

    @Test
    void aRawPayloadGivesTheIntentTheLinkAndTheQueueTime() {
        InboundReplyReader.Result result = reader.read(PAYLOAD, QUEUED);

        assertThat(result).isEqualTo(new InboundReplyReader.Result.Reply(new InboundReply(
                "cae173d2-66b9-564c-8309-21f858e9fb84", "+14255550182", ReplyIntent.CONFIRMED,
                Optional.of("text-1"), QUEUED)));
    }

    @Test
    void anSnsNotificationGivesItsOwnTimeAndAnEmptyLinkIsNone() {
        String unlinked = PAYLOAD.replace("\"text-1\"", "\"\"");
        String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"n-1\",\"Timestamp\":\"2026-12-03T14:59:58.120Z\","
                + "\"Message\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(unlinked) + "}";

        InboundReply reply = ((InboundReplyReader.Result.Reply) reader.read(envelope, QUEUED)).reply();

        assertThat(reply.at()).isEqualTo(Instant.parse("2026-12-03T14:59:58.120Z"));
        assertThat(reply.previousPublishedMessageId()).isEmpty();
    }

    @Test
    void whatIsNotAReplyIsRefusedWithACodeAndNeverItsContent() {
        assertThat(reader.read("not json", QUEUED)).isEqualTo(new InboundReplyReader.Result.Unreadable("reply_not_json"));
        assertThat(reader.read("[1]", QUEUED)).isEqualTo(new InboundReplyReader.Result.Unreadable("reply_not_an_object"));
        assertThat(reader.read(PAYLOAD.replace("\"inboundMessageId\"", "\"other\""), QUEUED))
                .isEqualTo(new InboundReplyReader.Result.Unreadable("reply_missing_fields"));
        assertThat(reader.read(PAYLOAD.replace("+14255550182", "4255550182"), QUEUED))
                .isEqualTo(new InboundReplyReader.Result.Unreadable("reply_from_not_e164"));
        assertThat(reader.read("{\"messageBody\":\"" + "x".repeat(InboundReplyReader.LARGEST_BODY) + "\"}", QUEUED))
                .isEqualTo(new InboundReplyReader.Result.Unreadable("reply_too_large"));
    }
}
