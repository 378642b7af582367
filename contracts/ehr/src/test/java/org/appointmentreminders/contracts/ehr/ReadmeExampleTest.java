package org.appointmentreminders.contracts.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.appointmentreminders.contracts.ReminderParser;
import org.junit.jupiter.api.Test;

/** The Java integration in contracts/README.md, as written there, with a publisher that only collects. */
class ReadmeExampleTest {

    @Test
    void theReadmesJavaIntegrationCompilesAndHoldsRemindersUntilDue() throws Exception {
        ReminderParser parser = new ReminderParser();
        List<String> published = new ArrayList<>();
        Publisher publisher = published::addAll;
        String er7 = Samples.read("hl7v2", "s12-new-booking-v251.hl7") + Samples.read("hl7v2", "s15-cancelled-v251.hl7");
        Path mappingFile = Samples.dir("mapping").resolve("ehr-mapping.json");

        // From here to the end of the loop: contracts/README.md, "Mapping HL7 v2 and FHIR R4".
        MappingConfig mapping = MappingConfigJson.read(Files.readString(mappingFile));
        Hl7v2Mapper hl7 = new Hl7v2Mapper(mapping, parser);     // or new FhirMapper(mapping, parser)
        for (MappingResult result : hl7.mapAll(er7)) {
            if (!result.isValid()) {
                continue;                                        // result.violations(): fields and codes, for the EHR's ACK
            }
            List<String> due = result.messages().stream()        // the worker texts on receipt: hold reminders until due
                    .filter(m -> !(m instanceof ContractMessage.Reminder r) || !r.dueAt().isAfter(OffsetDateTime.now()))
                    .map(ContractMessage::json).toList();
            publisher.publish(due);                              // ReminderPublisher, contracts-publisher
        }

        // Run after the appointments of the samples have passed, everything would be due; before, only the change is.
        assertThat(published).anyMatch(json -> json.contains("\"appointment-cancelled\""));
    }

    private interface Publisher {
        void publish(List<String> bodies);
    }
}
