package org.appointmentreminders.worker.replies;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a reply's intent in English or Spanish, leniently: case, accents, spaces and punctuation do not matter
 * (" Yes! ", "SÍ", "c."), and a longer reply counts by its first word when that word is not a single letter ("yes
 * thanks" confirms; "c u there" is unknown, being more than the letter). A reply naming two intents is unknown.
 *
 * <p>CANCEL, STOP, QUIT, END and the rest of AWS's required opt-out words opt the number out at the carrier, so no
 * reminder ever asks for them: C confirms, R asks to reschedule. They are read here only to be recorded.
 */
public final class ReplyWords {
    private static final Map<ReplyIntent, Set<String>> WORDS = Map.of(
            ReplyIntent.CONFIRMED, Set.of("c", "y", "yes", "yeah", "yep", "ok", "okay", "confirm", "confirmed",
                    "si", "confirmo", "confirmar", "confirmado", "vale"),
            ReplyIntent.RESCHEDULE_REQUESTED, Set.of("r", "reschedule", "change", "reprogramar", "cambiar", "cambio",
                    "otra"),
            // AWS End User Messaging's required opt-out keywords, with the common extras carriers honour.
            ReplyIntent.OPTED_OUT, Set.of("stop", "stopall", "arret", "cancel", "end", "optout", "quit", "remove",
                    "td", "unsubscribe", "revoke", "baja", "parar"),
            ReplyIntent.HELP, Set.of("help", "info", "ayuda"));
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** A reply longer than this is a message to a person, not a keyword. */
    static final int LONGEST_KEYWORD_REPLY = 160;

    private ReplyWords() {
    }

    public static ReplyIntent intentOf(String reply) {
        if (reply == null || reply.length() > LONGEST_KEYWORD_REPLY) {
            return ReplyIntent.UNKNOWN;
        }
        String folded = MARKS.matcher(Normalizer.normalize(reply, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        // "opt-out" and "opt out" are one word to the carrier.
        folded = folded.replaceAll("opt[\\s\\-_]*out", "optout");
        String[] words = NOT_A_WORD.matcher(folded).replaceAll(" ").trim().split(" ");
        if (words.length == 0 || words[0].isEmpty()) {
            return ReplyIntent.UNKNOWN;
        }
        ReplyIntent whole = words.length == 1 ? lookUp(words[0]) : ReplyIntent.UNKNOWN;
        if (whole != ReplyIntent.UNKNOWN || words[0].length() == 1) {
            return whole;
        }
        ReplyIntent first = lookUp(words[0]);
        for (int i = 1; i < words.length; i++) {
            ReplyIntent other = lookUp(words[i]);
            if (other != ReplyIntent.UNKNOWN && other != first && words[i].length() > 1) {
                return ReplyIntent.UNKNOWN;
            }
        }
        return first;
    }

    private static ReplyIntent lookUp(String word) {
        for (Map.Entry<ReplyIntent, Set<String>> intent : WORDS.entrySet()) {
            if (intent.getValue().contains(word)) {
                return intent.getKey();
            }
        }
        return ReplyIntent.UNKNOWN;
    }
}
