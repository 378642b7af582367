package org.appointmentreminders.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReminderEventContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<Path> examples() throws IOException {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        try (Stream<Path> files = Files.list(Path.of(basedir).resolveSibling("examples").resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsValidAndReadsBackToTheSameJson(Path file) throws IOException {
        String json = Files.readString(file);

        assertThat(ReminderEventSchema.validate(json)).isEmpty();
        ReminderEvent event = ReminderEventJson.parse(json);
        assertThat(MAPPER.readTree(ReminderEventJson.toJson(event))).isEqualTo(MAPPER.readTree(json));
        assertThat(file.getFileName().toString()).isEqualTo(event.type().wireName() + ".json");
    }

    @Test
    void everyTypeHasAnExampleAndTheSchemaListsExactlyTheJavaTypes() throws IOException {
        List<String> javaTypes = Arrays.stream(ReminderEventType.values()).map(ReminderEventType::wireName).toList();
        List<String> exampleTypes = examples().stream()
                .map(f -> f.getFileName().toString().replace(".json", "")).toList();
        var schema = MAPPER.readTree(ReminderEventSchema.class.getResourceAsStream(ReminderEventSchema.RESOURCE));
        List<String> schemaTypes = MAPPER.convertValue(schema.at("/properties/type/enum"), List.class);

        assertThat(exampleTypes).containsExactlyInAnyOrderElementsOf(javaTypes);
        assertThat(schemaTypes).containsExactlyElementsOf(javaTypes);
    }

    @Test
    void whatTheWorkerWritesIsValidWithAndWithoutItsOptionalFields() {
        ReminderEvent full = new ReminderEvent(ReminderEvent.idOf("r-1", ReminderEventType.UNDELIVERABLE, "m-1"),
                ReminderEventType.UNDELIVERABLE, "r-1", "a-1", "p-1", Optional.of("clinic-a"),
                Instant.parse("2026-12-03T15:02:14.007Z"), Optional.of("sms"), Optional.of("CARRIER_UNREACHABLE"));
        ReminderEvent bare = new ReminderEvent(ReminderEvent.idOf("r-2", ReminderEventType.EXPIRED, "final"),
                ReminderEventType.EXPIRED, "r-2", "a-2", "p-2", Optional.empty(), Instant.parse("2026-12-03T15:00:00Z"),
                Optional.empty(), Optional.empty());

        for (ReminderEvent event : List.of(full, bare)) {
            String json = ReminderEventJson.toJson(event);
            assertThat(ReminderEventSchema.validate(json)).as(json).isEmpty();
            assertThat(ReminderEventJson.parse(json)).isEqualTo(event);
        }
    }

    @Test
    void theEventIdRepeatsForTheSameFactAndDiffersOtherwise() {
        String id = ReminderEvent.idOf("r-1", ReminderEventType.CONFIRMED, "inbound-1");

        assertThat(ReminderEvent.idOf("r-1", ReminderEventType.CONFIRMED, "inbound-1")).isEqualTo(id);
        assertThat(ReminderEvent.idOf("r-1", ReminderEventType.CONFIRMED, "inbound-2")).isNotEqualTo(id);
        assertThat(ReminderEvent.idOf("r-1", ReminderEventType.RESCHEDULE_REQUESTED, "inbound-1")).isNotEqualTo(id);
        assertThat(ReminderEvent.idOf("r-2", ReminderEventType.CONFIRMED, "inbound-1")).isNotEqualTo(id);
    }

    @Test
    void anEventThatBreaksTheContractIsRefusedSayingWhy() throws IOException {
        String valid = Files.readString(examples().get(0));
        ObjectNode unknownType = (ObjectNode) MAPPER.readTree(valid);
        unknownType.put("type", "sent");
        ObjectNode withText = (ObjectNode) MAPPER.readTree(valid);
        withText.put("reason", "the patient wrote: call me back");
        ObjectNode localTime = (ObjectNode) MAPPER.readTree(valid);
        localTime.put("occurredAt", "2026-12-03T10:02:14-05:00");
        ObjectNode noPatient = (ObjectNode) MAPPER.readTree(valid);
        noPatient.remove("patientId");

        for (ObjectNode broken : List.of(unknownType, withText, localTime, noPatient)) {
            assertThat(ReminderEventSchema.validate(broken.toString())).as(broken.toString()).isNotEmpty();
            assertThatThrownBy(() -> ReminderEventJson.parse(broken.toString()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a reminder event v1");
        }
        assertThat(ReminderEventSchema.validate("{")).containsExactly("not JSON");
    }
}
