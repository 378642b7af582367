package org.appointmentreminders.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractSchemaTest {

    @Test
    void theSchemaShipsInTheJarWithTheDocumentedLimits() throws Exception {
        JsonNode schema;
        try (InputStream in = ReminderParser.class.getResourceAsStream(ReminderParser.SCHEMA_RESOURCE)) {
            schema = new ObjectMapper().readTree(in);
        }

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        Map<String, Integer> maxLengths = Map.of(
                "/properties/reminderId", 128,
                "/$defs/identifier", 64,
                "/properties/appointment/properties/timeZone", 64,
                "/properties/appointment/properties/location", 200,
                "/properties/appointment/properties/clinicName", 100,
                "/properties/patient/properties/givenName", 64,
                "/properties/patient/properties/email", 254);
        maxLengths.forEach((pointer, max) ->
                assertThat(schema.at(pointer + "/maxLength").asInt()).as(pointer).isEqualTo(max));
        assertThat(schema.path("additionalProperties").isMissingNode()).isTrue();
    }

    @Test
    void knowsTheContractFieldPaths() {
        ContractSchema schema = new ContractSchema(new ObjectMapper(), ContractSchema.REMINDER_V1);

        assertThat(schema.fieldPaths()).contains("$.reminderId", "$.appointment.start", "$.patient.phone",
                "$.sendBefore").doesNotContain("$.patient.phone.x");
    }
}
