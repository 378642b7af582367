package org.appointmentreminders.contracts.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingConfigJsonTest {

    @Test
    void onlyTheTimeZoneIsRequiredAndTheRestHasDefaults() {
        MappingConfig config = MappingConfigJson.read("{\"timeZone\": \"America/Chicago\"}");

        assertThat(config).isEqualTo(MappingConfig.defaults(ZoneId.of("America/Chicago")));
        assertThat(config.reminders()).extracting(MappingConfig.ReminderTiming::name).containsExactly("72h", "24h");
    }

    @Test
    void theSampleMappingReadsToEveryOption() {
        MappingConfig config = MappingConfigJson.read(Samples.read("mapping", "ehr-mapping.json"));

        assertThat(config.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(config.phoneRegion()).isEqualTo("US");
        assertThat(config.reminders()).containsExactly(
                new MappingConfig.ReminderTiming(Duration.ofHours(72), Duration.ofHours(24)),
                new MappingConfig.ReminderTiming(Duration.ofHours(24), Duration.ofHours(2)));
        assertThat(config.clinics()).containsEntry("RIVERSIDE",
                new MappingConfig.Clinic("Riverside Clinic", "+12025550100", null));
        assertThat(config.hl7v2()).isEqualTo(new MappingConfig.Hl7v2Options("SCH-2", "MR", List.of(
                new MappingConfig.PhoneRule(null, "CP", null), new MappingConfig.PhoneRule("ORN", null, null))));
        assertThat(config.fhir().patientIdentifierSystem()).isEqualTo("urn:oid:2.16.840.1.113883.19.5.99999.1");
    }

    @Test
    void mistakesFailAtOnceNamingTheKey() {
        assertThatThrownBy(() -> MappingConfigJson.read("{}"))
                .hasMessage("mapping timeZone is required");
        assertThatThrownBy(() -> MappingConfigJson.read("{\"timeZone\": \"UTC+1\"}"))
                .hasMessageContaining("timeZone must be an IANA region id");
        assertThatThrownBy(() -> MappingConfigJson.read("{\"timeZone\": \"UTC\", \"hl7v2\": {\"mobil\": []}}"))
                .hasMessage("mapping hl7v2.mobil is not a mapping key; known here: appointmentId, mobile, "
                        + "patientIdentifierType");
        assertThatThrownBy(() -> MappingConfigJson.read(
                "{\"timeZone\": \"UTC\", \"reminders\": [{\"before\": \"2h\", \"until\": \"24h\"}]}"))
                .hasMessageContaining("mapping: a reminder's time before the start must be more than");
        assertThatThrownBy(() -> MappingConfigJson.read(
                "{\"timeZone\": \"UTC\", \"reminders\": [{\"before\": \"three days\", \"until\": \"1h\"}]}"))
                .hasMessage("mapping reminders[0].before must be a whole number and m, h or d, such as 72h");
        assertThatThrownBy(() -> MappingConfigJson.read("{\"timeZone\": \"UTC\", \"hl7v2\": {\"appointmentId\": "
                + "\"SCH-3\"}}")).hasMessage("mapping: hl7v2 appointmentIdField must be SCH-1 or SCH-2");
        assertThatThrownBy(() -> MappingConfigJson.read("{\"timeZone\": "))
                .hasMessageStartingWith("the mapping is not valid JSON (line 1");
    }
}
