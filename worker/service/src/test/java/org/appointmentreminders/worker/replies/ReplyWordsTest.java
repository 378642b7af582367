package org.appointmentreminders.worker.replies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyWordsTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "c|CONFIRMED",
            "C|CONFIRMED",
            " Yes! |CONFIRMED",
            "YES|CONFIRMED",
            "yes thanks|CONFIRMED",
            "sí|CONFIRMED",
            "SÍ|CONFIRMED",
            "Si, confirmo|CONFIRMED",
            "c.|CONFIRMED",
            "ok 👍|CONFIRMED",
            "R|RESCHEDULE_REQUESTED",
            "r |RESCHEDULE_REQUESTED",
            "reschedule please|RESCHEDULE_REQUESTED",
            "Reprogramar|RESCHEDULE_REQUESTED",
            "STOP|OPTED_OUT",
            "stop please|OPTED_OUT",
            "Cancel|OPTED_OUT",
            "opt-out|OPTED_OUT",
            "Opt out|OPTED_OUT",
            "unsubscribe|OPTED_OUT",
            "HELP|HELP",
            "ayuda|HELP",
            "no|UNKNOWN",
            "maybe|UNKNOWN",
            "c u there|UNKNOWN",
            "yes stop|UNKNOWN",
            "yes but reschedule|UNKNOWN",
            "¿?|UNKNOWN",
            "call me back|UNKNOWN"})
    void readsTheIntentLeniently(String reply, ReplyIntent intent) {
        assertThat(ReplyWords.intentOf(reply)).isEqualTo(intent);
    }

    @ParameterizedTest
    @CsvSource({"''", "'   '"})
    void anEmptyReplyIsUnknown(String reply) {
        assertThat(ReplyWords.intentOf(reply)).isEqualTo(ReplyIntent.UNKNOWN);
        assertThat(ReplyWords.intentOf(null)).isEqualTo(ReplyIntent.UNKNOWN);
    }

    @org.junit.jupiter.api.Test
    void aLongMessageIsForAPersonNotAKeyword() {
        assertThat(ReplyWords.intentOf("yes " + "x".repeat(ReplyWords.LONGEST_KEYWORD_REPLY)))
                .isEqualTo(ReplyIntent.UNKNOWN);
    }
}
