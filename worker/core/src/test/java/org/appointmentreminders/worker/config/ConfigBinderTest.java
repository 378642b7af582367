package org.appointmentreminders.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

    @Test
    void theRecordsAndTheDefaultsFileNameTheSameKeys() {
        Config defaults = ConfigFactory.parseResources(ConfigBinderTest.class.getClassLoader(),
                "config/application.conf", ConfigParseOptions.defaults().setAllowMissing(false));
        Set<String> inDefaults = new TreeSet<>();
        defaults.entrySet().forEach(entry -> inDefaults.add(entry.getKey()));

        assertThat(ConfigLoader.knownKeys()).isEqualTo(inDefaults);
    }

    @Test
    void componentNamesBecomeDashedKeys() {
        assertThat(ConfigBinder.keyName("messageBudget")).isEqualTo("message-budget");
        assertThat(ConfigBinder.keyName("maxPriceUsd")).isEqualTo("max-price-usd");
        assertThat(ConfigBinder.keyName("url")).isEqualTo("url");
        assertThat(ConfigLoader.knownKeys()).contains("reminders.queue.dead-letter-url",
                "reminders.aws.endpoints.cloudwatch", "reminders.shutdown.grace");
    }

    @Test
    void theStartUpDescriptionHasEveryKeyAndMasksAddressesAndNumbers() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "REMINDERS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/reminders",
                "REMINDERS_QUEUE_DEAD_LETTER_URL", "http://127.0.0.1:9324/000000000000/reminders-dlq",
                "REMINDERS_LEDGER_TABLE", "reminder-ledger",
                "REMINDERS_EMAIL_SENDER", "reminders@clinic.example.org",
                "REMINDERS_EMAIL_TEMPLATE_PREFIX", "appointment-reminder",
                "REMINDERS_SMS_ORIGINATION_NUMBER", "+12025550123",
                "AWS_REGION", "us-east-1"));

        Map<String, String> described = ConfigLoader.describe(ConfigLoader.load(env));

        assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(ConfigLoader.knownKeys());
        assertThat(described).containsEntry("reminders.email.sender", "…@clinic.example.org")
                .containsEntry("reminders.sms.origination-number", "…0123")
                .containsEntry("reminders.sms.max-price-usd", "0.50")
                .containsEntry("reminders.queue.url", "http://127.0.0.1:9324/000000000000/reminders");
        assertThat(described.toString()).doesNotContain("reminders@").doesNotContain("+12025550123");
    }
}
