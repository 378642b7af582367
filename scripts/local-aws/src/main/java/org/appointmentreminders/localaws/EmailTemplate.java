package org.appointmentreminders.localaws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One SES email template: what {@code CreateTemplate} takes. */
public record EmailTemplate(String name, String subject, String text, String html) {

    /**
     * Reads every language's email from a templates directory laid out as {@code <lang>/email-subject.txt},
     * {@code <lang>/email.txt} and {@code <lang>/email.html}, naming each {@code <namePrefix>-<lang>}.
     */
    public static List<EmailTemplate> fromDirectory(Path templates, String namePrefix) throws IOException {
        List<EmailTemplate> result = new ArrayList<>();
        try (Stream<Path> languages = Files.list(templates)) {
            for (Path language : languages.filter(Files::isDirectory).sorted().toList()) {
                Path subject = language.resolve("email-subject.txt");
                if (Files.isRegularFile(subject)) {
                    result.add(new EmailTemplate(
                            namePrefix + "-" + language.getFileName(),
                            Files.readString(subject, StandardCharsets.UTF_8).strip(),
                            Files.readString(language.resolve("email.txt"), StandardCharsets.UTF_8),
                            Files.readString(language.resolve("email.html"), StandardCharsets.UTF_8)));
                }
            }
        }
        return result;
    }
}
