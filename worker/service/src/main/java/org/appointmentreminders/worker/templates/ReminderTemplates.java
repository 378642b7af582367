package org.appointmentreminders.worker.templates;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.appointmentreminders.contracts.Language;

/**
 * The per-language templates shipped in the jar under {@code templates/<language>/}. Loaded once at start-up: a
 * supported language without its templates, or a bad pattern, stops the worker.
 */
@Singleton
public final class ReminderTemplates {
    private final Map<Language, LanguageTemplate> byLanguage = new EnumMap<>(Language.class);

    public ReminderTemplates() {
        for (Language language : Language.values()) {
            byLanguage.put(language, load(language));
        }
    }

    public LanguageTemplate forLanguage(Language language) {
        return byLanguage.get(language);
    }

    private static LanguageTemplate load(Language language) {
        String resource = "templates/" + language.code() + "/reminder.conf";
        Config config;
        try {
            config = ConfigFactory.parseResources(ReminderTemplates.class.getClassLoader(), resource,
                    ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw new IllegalStateException("templates for language '" + language.code() + "': " + e.getMessage(), e);
        }
        Locale locale = Locale.forLanguageTag(config.getString("locale"));
        return new LanguageTemplate(
                locale,
                config.getString("sms.message"),
                config.getString("sms.location"),
                config.getString("sms.callback"),
                config.getString("sms.replies"),
                config.getString("sms.reply-help"),
                DateTimeFormatter.ofPattern(config.getString("sms.date-format"), locale),
                DateTimeFormatter.ofPattern(config.getString("sms.time-format"), locale),
                DateTimeFormatter.ofPattern(config.getString("email.date-format"), locale),
                DateTimeFormatter.ofPattern(config.getString("email.time-format"), locale));
    }
}
