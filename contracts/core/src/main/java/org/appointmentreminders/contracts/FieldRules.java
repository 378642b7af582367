package org.appointmentreminders.contracts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The checks a JSON Schema cannot express. Each is self-contained, so it holds even where the schema is lax. */
final class FieldRules {

    static final int MAX_REMINDER_ID_LENGTH = 128;
    static final int MAX_EMAIL_LENGTH = 254;

    private static final Pattern REMINDER_ID = Pattern.compile("[A-Za-z0-9._:/-]{1," + MAX_REMINDER_ID_LENGTH + "}");
    // RFC 3339 shape: seconds and offset mandatory, so "09:30" or a local time without offset never slips through.
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern EMAIL_LOCAL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());
    /**
     * Number types a reminder must not be texted to, with the name a violation gives them. Premium-rate and
     * shared-cost numbers are services billed at a special rate, not a patient's phone; a UAN routes one business
     * number to many lines; a voicemail access number reaches a mailbox system; a pager cannot show an SMS.
     */
    private static final Map<PhoneNumberType, String> UNTEXTABLE_TYPES = untextableTypes();
    /** Far more than a health system's clinics; a stream of distinct numbers empties it rather than growing it. */
    static final int MAX_REMEMBERED_NUMBERS = 4096;
    private static final Set<String> ACCEPTED_NUMBERS = ConcurrentHashMap.newKeySet();

    private FieldRules() {
    }

    /**
     * Text that reaches an SMS, an email or a log must not carry characters that reorder, hide or break it: Unicode
     * category Cc, bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), line and paragraph
     * separators (they split log lines like a newline), U+FFFD (a sign of an upstream decoding failure) and lone
     * surrogates.
     */
    static boolean hasForbiddenCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)
                    || Character.getType(c) == Character.CONTROL
                    || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069')
                    || c == '\u2028' || c == '\u2029'
                    || c == '\uFFFD') {
                return true;
            }
        }
        return false;
    }

    static boolean isReminderId(String text) {
        return REMINDER_ID.matcher(text).matches();
    }

    /** A strict ISO-8601 date-time with offset, on a real calendar date; null otherwise. */
    static OffsetDateTime timestamp(String text) {
        if (!TIMESTAMP.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * An IANA region such as {@code America/New_York}, or a UTC alias. Fixed non-zero offsets ({@code +05:00},
     * {@code UTC+1}, {@code Etc/GMT+5}) are refused: they cannot follow daylight saving time, which is the reason
     * the zone is in the message. Null when refused.
     */
    static ZoneId zone(String text) {
        if (!ZONE_IDS.contains(text)) {
            return null;
        }
        ZoneId zone = ZoneId.of(text);
        boolean fixedNonUtc = zone.getRules().isFixedOffset()
                && !zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
        return fixedNonUtc ? null : zone;
    }

    /** Whether a local start time was written with the offset its zone really has at that instant. */
    static boolean offsetAgrees(OffsetDateTime start, ZoneId zone) {
        return zone.getRules().getOffset(start.toInstant()).equals(start.getOffset());
    }

    /**
     * E.164 exactly: libphonenumber must call the number valid and write it back unchanged. The numbers it accepted
     * are remembered, since a clinic's number comes with every reminder of that clinic (checking it took 4% of the
     * worker's CPU).
     */
    static boolean isE164(String text) {
        if (ACCEPTED_NUMBERS.contains(text)) {
            return true;
        }
        if (e164(text) == null) {
            return false;
        }
        if (ACCEPTED_NUMBERS.size() >= MAX_REMEMBERED_NUMBERS) {
            ACCEPTED_NUMBERS.clear();
        }
        ACCEPTED_NUMBERS.add(text);
        return true;
    }

    static int rememberedNumbers() {
        return ACCEPTED_NUMBERS.size();
    }

    /** The number when {@link #isE164} accepts it, else null; the patient's checks share this one parse. */
    static PhoneNumber e164(String text) {
        if (!text.startsWith("+")) {
            return null;
        }
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        try {
            PhoneNumber number = phones.parse(text, "ZZ");
            return phones.isValidNumber(number)
                    && phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164).equals(text) ? number : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * For a number {@link #e164} returned: the name of its type when reminders must not be texted to it
     * ({@code premium-rate}, {@code shared-cost}, {@code UAN}, {@code voicemail}, {@code pager}), otherwise null.
     * Mobile, fixed-line, fixed-line-or-mobile (most North American numbers), VoIP, personal and toll-free numbers
     * pass: each can reach the patient, and where SNS cannot deliver, the email fallback takes over.
     */
    static String untextableType(PhoneNumber number) {
        return UNTEXTABLE_TYPES.get(PhoneNumberUtil.getInstance().getNumberType(number));
    }

    private static Map<PhoneNumberType, String> untextableTypes() {
        Map<PhoneNumberType, String> types = new EnumMap<>(PhoneNumberType.class);
        types.put(PhoneNumberType.PREMIUM_RATE, "premium-rate");
        types.put(PhoneNumberType.SHARED_COST, "shared-cost");
        types.put(PhoneNumberType.UAN, "UAN");
        types.put(PhoneNumberType.VOICEMAIL, "voicemail");
        types.put(PhoneNumberType.PAGER, "pager");
        return types;
    }

    /**
     * A deliverable-looking ASCII address: one {@code @}, a dot-atom local part of at most 64 characters, and a
     * domain of valid labels with at least one dot and a non-numeric top-level label. Quoted local parts and IP
     * literals are refused; no clinic needs them and mail providers treat them as suspicious.
     */
    static boolean isEmail(String text) {
        if (text.length() > MAX_EMAIL_LENGTH) {
            return false;
        }
        int at = text.indexOf('@');
        if (at <= 0 || at != text.lastIndexOf('@')) {
            return false;
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        if (local.length() > 64 || !EMAIL_LOCAL.matcher(local).matches() || domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
