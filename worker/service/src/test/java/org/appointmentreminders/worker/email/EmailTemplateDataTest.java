package org.appointmentreminders.worker.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.worker.templates.DisplayFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EmailTemplateDataTest {
    private static final List<String> PLAIN_NAMES =
            List.of("givenName", "clinicName", "date", "time", "location", "clinicPhone");
    private static final List<String> PLAIN_PARTS = List.of("email-subject.txt", "email.txt");
    private static final String HTML_PART = "email.html";
    /** Every {{...}} tag; group 1 is its content. */
    private static final Pattern TAG = Pattern.compile("\\{\\{(.*?)\\}\\}", Pattern.DOTALL);

    private static DisplayFields fields(String givenName, String clinicName, String location, String clinicPhone) {
        return new DisplayFields(givenName, clinicName, "Tuesday, December 1, 2026", "9:30 AM", location,
                clinicPhone);
    }

    @Test
    void escapesMarkupInTheHtmlValues() {
        Map<String, String> data = EmailTemplateData.of(
                fields("<script>x</script>", "A & B", "\"quoted\"", "O'Brien"));

        assertThat(data).containsEntry("givenNameHtml", "&lt;script&gt;x&lt;/script&gt;")
                .containsEntry("clinicNameHtml", "A &amp; B")
                .containsEntry("locationHtml", "&quot;quoted&quot;")
                .containsEntry("clinicPhoneHtml", "O&#39;Brien");
    }

    @Test
    void keepsPlainValuesUnchangedUnderPlainNames() {
        Map<String, String> data = EmailTemplateData.of(
                fields("<script>x</script>", "A & B", "\"quoted\"", "O'Brien"));

        assertThat(data).containsEntry("givenName", "<script>x</script>")
                .containsEntry("clinicName", "A & B")
                .containsEntry("location", "\"quoted\"")
                .containsEntry("clinicPhone", "O'Brien")
                .containsEntry("date", "Tuesday, December 1, 2026")
                .containsEntry("time", "9:30 AM");
    }

    @Test
    void escapesAmpersandsFirstSoEntitiesAreNotDoubleDecoded() {
        assertThat(EmailTemplateData.escapeHtml("&lt;")).isEqualTo("&amp;lt;");
        assertThat(EmailTemplateData.escapeHtml("María 👩‍⚕️")).isEqualTo("María 👩‍⚕️");
        assertThat(EmailTemplateData.escapeHtml("")).isEmpty();
    }

    @Test
    void alwaysGivesEveryNamePlainAndHtmlEvenWhenEmpty() {
        Map<String, String> data = EmailTemplateData.of(fields("Ana", "Riverside Clinic", "", ""));

        Set<String> expected = new LinkedHashSet<>(PLAIN_NAMES);
        PLAIN_NAMES.forEach(name -> expected.add(name + EmailTemplateData.HTML_SUFFIX));
        assertThat(data.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(data.values()).doesNotContainNull();
        assertThat(data).containsEntry("location", "").containsEntry("locationHtml", "")
                .containsEntry("clinicPhone", "").containsEntry("clinicPhoneHtml", "");
    }

    /** Language codes and every directory shipped under templates/, so a directory without a Language is checked too. */
    static Stream<String> languageDirectories() throws IOException, URISyntaxException {
        Set<String> directories = new TreeSet<>();
        for (Language language : Language.values()) {
            directories.add(language.code());
        }
        URL root = EmailTemplateDataTest.class.getClassLoader().getResource("templates");
        assertThat(root).isNotNull();
        if ("file".equals(root.getProtocol())) {
            try (Stream<Path> children = Files.list(Path.of(root.toURI()))) {
                children.filter(Files::isDirectory).forEach(dir -> directories.add(dir.getFileName().toString()));
            }
        }
        return directories.stream();
    }

    private static String read(String directory, String part) throws IOException {
        String resource = "templates/" + directory + "/" + part;
        try (InputStream in = EmailTemplateDataTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The variables a template refers to: {{name}}, {{#if name}}, {{#unless name}}; closing tags and else skipped. */
    static Set<String> variables(String template) {
        Set<String> names = new TreeSet<>();
        Matcher tag = TAG.matcher(template);
        while (tag.find()) {
            String content = tag.group(1).strip();
            if (content.startsWith("/") || content.equals("else") || content.startsWith("!")) {
                continue;
            }
            if (content.startsWith("#")) {
                String[] words = content.split("\\s+");
                assertThat(words).as("block tag {{%s}}", content).hasSize(2);
                names.add(words[1]);
            } else {
                names.add(content);
            }
        }
        return names;
    }

    @Test
    void variableScannerFindsPlainAndConditionalReferences() {
        assertThat(variables("a {{x}} b {{#if y}}c{{/if}} {{ z }} {{#unless w}}{{else}}{{/unless}}"))
                .containsExactly("w", "x", "y", "z");
    }

    @ParameterizedTest
    @MethodSource("languageDirectories")
    void htmlPartUsesOnlyEscapedVariables(String directory) throws IOException {
        Set<String> used = variables(read(directory, HTML_PART));

        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(name).endsWith(EmailTemplateData.HTML_SUFFIX));
    }

    @ParameterizedTest
    @MethodSource("languageDirectories")
    void subjectAndTextPartsUseOnlyPlainVariables(String directory) throws IOException {
        for (String part : PLAIN_PARTS) {
            Set<String> used = variables(read(directory, part));

            assertThat(used).as(part).isNotEmpty()
                    .allSatisfy(name -> assertThat(name).doesNotEndWith(EmailTemplateData.HTML_SUFFIX));
        }
    }

    @ParameterizedTest
    @MethodSource("languageDirectories")
    void noPartUsesTripleBraces(String directory) throws IOException {
        for (String part : List.of("email-subject.txt", "email.txt", HTML_PART)) {
            assertThat(read(directory, part)).as(part).doesNotContain("{{{");
        }
    }

    @ParameterizedTest
    @MethodSource("languageDirectories")
    void everyVariableIsAlwaysInTheTemplateData(String directory) throws IOException {
        Set<String> always = EmailTemplateData.of(new DisplayFields("", "", "", "", "", "")).keySet();
        for (String part : List.of("email-subject.txt", "email.txt", HTML_PART)) {
            assertThat(variables(read(directory, part))).as(part).isSubsetOf(always);
        }
    }

    @ParameterizedTest
    @MethodSource("languageDirectories")
    void subjectIsOneLine(String directory) throws IOException {
        assertThat(read(directory, "email-subject.txt").strip()).doesNotContain("\n").doesNotContain("\r");
    }
}
