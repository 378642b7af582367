package org.appointmentreminders.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.appointmentreminders.contracts.Appointment;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.Patient;
import org.appointmentreminders.contracts.ReminderMessage;
import org.appointmentreminders.worker.templates.LanguageTemplate;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.templates.ReminderTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SmsRendererTest {
    /** Longest values the contract accepts, in code points (JSON Schema maxLength). */
    private static final int MAX_GIVEN_NAME = 64;
    private static final int MAX_CLINIC_NAME = 100;
    private static final int MAX_LOCATION = 200;

    private static final String PATIENT_PHONE = "+14155550123";
    private static final String CLINIC_PHONE = "+12025550123";
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final OffsetDateTime START = OffsetDateTime.parse("2026-12-01T09:30:00-05:00");

    private static final ReminderTemplates TEMPLATES = new ReminderTemplates();
    private final SmsRenderer renderer = new SmsRenderer(TEMPLATES, NO_REPLIES);
    private final SmsRenderer invitingReplies = new SmsRenderer(TEMPLATES,
            new WorkerConfig.Replies("http://replies", "http://replies-dlq", true));
    static final WorkerConfig.Replies NO_REPLIES = new WorkerConfig.Replies("", "", true);

    static ReminderMessage message(
            Language language, String givenName, String clinicName, String location, String clinicPhone) {
        Appointment appointment = new Appointment("appt-8812", START, ZONE, location, clinicName, clinicPhone);
        Patient patient = new Patient("P-4410", givenName, PATIENT_PHONE, "patient@example.org", language);
        return new ReminderMessage(ReminderMessage.SCHEMA_VERSION, "appt-8812/24h", appointment, patient, null);
    }

    /** {@code unit} repeated and cut to exactly {@code codePoints} code points. */
    static String ofLength(String unit, int codePoints) {
        StringBuilder out = new StringBuilder();
        while (out.codePointCount(0, out.length()) < codePoints) {
            out.append(unit);
        }
        int end = out.offsetByCodePoints(0, codePoints);
        String value = out.substring(0, end);
        assertThat(value.codePointCount(0, value.length())).isEqualTo(codePoints);
        return value;
    }

    private static String expectedNormalText(Language language) {
        return switch (language) {
            case EN -> "Hi Ana, this is a reminder of your appointment at Riverside Clinic on Tue, Dec 1 at 9:30 AM."
                    + " Location: Riverside Clinic, 2nd floor. Questions? Call (202) 555-0123. Reply STOP to opt out.";
            case ES -> "Hola Ana, le recordamos su cita en Riverside Clinic el 1/12 a las 9:30."
                    + " Lugar: Riverside Clinic, 2nd floor. Dudas? Llame al (202) 555-0123."
                    + " Responda STOP para no recibir mensajes.";
        };
    }

    private static String expectedShortText(Language language) {
        return switch (language) {
            case EN -> "Hi Ana, this is a reminder of your appointment at Riverside Clinic on Tue, Dec 1 at 9:30 AM."
                    + " Reply STOP to opt out.";
            case ES -> "Hola Ana, le recordamos su cita en Riverside Clinic el 1/12 a las 9:30."
                    + " Responda STOP para no recibir mensajes.";
        };
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void rendersTheNormalMessageExactly(Language language) {
        String text = renderer.render(message(language, "Ana", "Riverside Clinic", "Riverside Clinic, 2nd floor",
                CLINIC_PHONE));

        assertThat(text).isEqualTo(expectedNormalText(language));
        assertThat(SmsSegments.isGsm7(text)).as("fixed text and formats stay in GSM-7").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void invitesRepliesOnlyWhenTheyAreRead(Language language) {
        ReminderMessage reminder = message(language, "Ana", "Riverside Clinic", null, CLINIC_PHONE);
        String invitation = TEMPLATES.forLanguage(language).smsRepliesPart();

        assertThat(invitingReplies.render(reminder)).contains(invitation.trim()).contains("STOP");
        assertThat(renderer.render(reminder)).doesNotContain(invitation.trim());
        assertThat(invitation).as("C and R, never a carrier opt-out word").contains(" C ").contains(" R ")
                .doesNotContainIgnoringCase("cancel").doesNotContainIgnoringCase("end ");
        assertThat(SmsSegments.isGsm7(invitation + TEMPLATES.forLanguage(language).replyHelp())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void leavesOutTheOptionalPartsWhenTheMessageHasNoValues(Language language) {
        String text = renderer.render(message(language, "Ana", "Riverside Clinic", null, null));

        assertThat(text).isEqualTo(expectedShortText(language));
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void dropsTheLocationBeforeCuttingAnyName(Language language) {
        // Longer than the first cut (20 and 40 units), but the text fits in two segments once the location is gone.
        String name = ofLength("Alexandra Maximiliana ", MAX_GIVEN_NAME);
        String clinic = ofLength("Riverside Community Health Center ", MAX_CLINIC_NAME);
        String location = ofLength("Building 4, Wing B, 2nd floor, room 12. ", MAX_LOCATION);

        String text = renderer.render(message(language, name, clinic, location, CLINIC_PHONE));

        assertThat(SmsSegments.count(text)).isLessThanOrEqualTo(2);
        assertThat(text).doesNotContain("Building 4");
        assertThat(text).contains(name).contains(clinic).contains("(202) 555-0123");
        assertThat(text).isEqualTo(renderer.render(message(language, name, clinic, null, CLINIC_PHONE)));
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void dropsTheLocationBeforeCuttingAUcs2Name(Language language) {
        String name = "María Fernanda Ximena"; // 21 units: one more than the first cut keeps
        String clinic = "Clínica Sol";
        String withoutLocation = renderer.render(message(language, name, clinic, null, null));
        assertThat(SmsSegments.count(withoutLocation)).as("precondition: fits without the location").isEqualTo(2);

        String text = renderer.render(message(language, name, clinic, "Planta 2, sala 14", null));

        assertThat(text).isEqualTo(withoutLocation).contains(name).doesNotContain("Planta 2");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void keepsAShortLocationThatFits(Language language) {
        String text = renderer.render(message(language, "Ana", "Riverside Clinic", "Suite 200", CLINIC_PHONE));

        assertThat(text).contains("Suite 200");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void neverSubstitutesPlaceholdersInsideValues(Language language) {
        String text = renderer.render(message(language, "{givenName}", "{clinicName} {date}", "{callback} {time}",
                CLINIC_PHONE));

        assertThat(text).contains("{givenName}").contains("{clinicName} {date}").contains("{callback} {time}");
        assertThat(text).doesNotContain("{location}");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void aValueThatLooksLikeAnUnknownPlaceholderIsShownAsIs(Language language) {
        String text = renderer.render(message(language, "{nope", "Clinic {unknown}", null, null));

        assertThat(text).contains("{nope").contains("Clinic {unknown}");
    }

    @Test
    void cutKeepsWholeCodePoints() {
        String emoji = "\uD83D\uDE00"; // 😀
        assertThat(SmsRenderer.cut(emoji.repeat(10), 5)).isEqualTo(emoji.repeat(2));
        assertThat(SmsRenderer.cut("ab" + emoji, 3)).isEqualTo("ab");
        assertThat(SmsRenderer.cut("abc", 3)).isEqualTo("abc");
        assertThat(SmsRenderer.cut("Ana María", 4)).isEqualTo("Ana");
    }

    static Stream<Arguments> worstCases() {
        List<String[]> names = List.of(
                new String[] {"GSM-7", ofLength("Alexandra Maximiliana ", MAX_GIVEN_NAME)},
                new String[] {"GSM-7 extension", ofLength("[€]{|}~^\\", MAX_GIVEN_NAME)},
                new String[] {"health worker emoji", ofLength("\uD83D\uDC69\u200D\u2695\uFE0F", MAX_GIVEN_NAME)},
                new String[] {"astral emoji", ofLength("\uD83D\uDE00", MAX_GIVEN_NAME)},
                // Odd offsets put an emoji across every cut position (12 and 20 units).
                new String[] {"letters and emoji", ofLength("A\uD83D\uDE00", MAX_GIVEN_NAME)},
                new String[] {"Arabic", ofLength("فاطمة ", MAX_GIVEN_NAME)},
                new String[] {"Spanish", ofLength("María ", MAX_GIVEN_NAME)});
        List<String[]> clinics = List.of(
                new String[] {"GSM-7", ofLength("Riverside Community Health Center ", MAX_CLINIC_NAME)},
                new String[] {"GSM-7 extension", ofLength("€[]", MAX_CLINIC_NAME)},
                new String[] {"Spanish", ofLength("Clínica San José ", MAX_CLINIC_NAME)},
                new String[] {"astral emoji", ofLength("\uD83C\uDFE5", MAX_CLINIC_NAME)},
                new String[] {"letters and emoji", ofLength("a\uD83C\uDFE5", MAX_CLINIC_NAME)});
        List<String[]> locations = Arrays.asList(
                new String[] {"none", null},
                new String[] {"GSM-7", ofLength("Building 4, Wing B, 2nd floor, room 12. ", MAX_LOCATION)},
                new String[] {"Spanish", ofLength("Edificio Médico, planta 2. ", MAX_LOCATION)},
                new String[] {"astral emoji", ofLength("\uD83D\uDCCD", MAX_LOCATION)});
        List<Arguments> cases = new ArrayList<>();
        for (Language language : Language.values()) {
            for (String[] name : names) {
                for (String[] clinic : clinics) {
                    for (String[] location : locations) {
                        for (String phone : Arrays.asList(CLINIC_PHONE, null)) {
                            cases.add(Arguments.of(language, name[0] + " name", name[1], clinic[0] + " clinic",
                                    clinic[1], location[0] + " location", location[1],
                                    phone == null ? "no callback" : "callback", phone));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}, {3}, {5}, {7}")
    @MethodSource("worstCases")
    void worstCasesFitTwoSegmentsAndKeepDateAndTime(
            Language language, String nameCase, String givenName, String clinicCase, String clinicName,
            String locationCase, String location, String phoneCase, String clinicPhone) {
        String text = renderer.render(message(language, givenName, clinicName, location, clinicPhone));
        String invited = invitingReplies.render(message(language, givenName, clinicName, location, clinicPhone));

        assertThat(SmsSegments.count(invited)).as(invited).isLessThanOrEqualTo(SmsRenderer.MAX_SEGMENTS);
        assertThat(invited).contains(TEMPLATES.forLanguage(language).smsRepliesPart().trim());
        assertThat(SmsSegments.count(text)).as(text).isLessThanOrEqualTo(SmsRenderer.MAX_SEGMENTS);
        LanguageTemplate template = TEMPLATES.forLanguage(language);
        ZonedDateTime local = START.atZoneSameInstant(ZONE);
        assertThat(text).contains(template.smsDate().format(local)).contains(template.smsTime().format(local));
        assertThat(text).contains("STOP");
        assertNoLoneSurrogate(text);
        if (!text.contains(givenName) || !text.contains(clinicName)) {
            assertThat(location == null || !text.contains(location))
                    .as("a name was cut while the location was kept: %s", text).isTrue();
        }
    }

    private static void assertNoLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    fail("lone high surrogate at " + i + " in " + text);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                fail("lone low surrogate at " + i + " in " + text);
            }
        }
    }
}
