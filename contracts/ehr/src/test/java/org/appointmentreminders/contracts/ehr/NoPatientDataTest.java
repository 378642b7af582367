package org.appointmentreminders.contracts.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.appointmentreminders.contracts.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Names, phone numbers, emails and times never leave a mapping except inside the messages it makes. */
class NoPatientDataTest {

    // The patient data of the samples that map to nothing: what the refusals must not repeat.
    private static final List<String> REFUSED_SAMPLES_DATA = List.of("Tess", "Brown", "5550191", "Ewa",
            "Kowalski", "555-0114", "Chidi", "Okoye", "2025550161", "2025550162", "Min", "5550110", "Tunde",
            "Adeyemi", "Rui", "Silva", "5550113", "Noor", "Haddad", "555-0187", "noor.haddad@example.org", "Omar",
            "omar@@example.org", "Ivy", "2026-02-30", "20261332", "202703140230", "Garcia", "Moreau");

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level rootLevel;

    @BeforeEach
    void captureEverythingLogged() {
        rootLevel = root.getLevel();
        // Every level, HAPI's debug and trace lines too: production may run with any of them.
        root.setLevel(Level.ALL);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void restore() {
        root.detachAppender(logged);
        root.setLevel(rootLevel);
    }

    @Test
    void neitherLogsNorRefusalsNorNotesCarryPatientData() {
        List<MappingResult> results = new ArrayList<>();
        Hl7v2Mapper hl7 = new Hl7v2Mapper(Samples.RIVERSIDE);
        FhirMapper fhir = new FhirMapper(Samples.RIVERSIDE);
        for (Path sample : Samples.all("hl7v2")) {
            results.addAll(hl7.mapAll(Samples.read("hl7v2", sample.getFileName().toString())));
        }
        for (Path sample : Samples.all("fhir")) {
            results.addAll(fhir.mapAll(Samples.read("fhir", sample.getFileName().toString())));
        }
        Set<String> patientData = new HashSet<>(REFUSED_SAMPLES_DATA);
        for (MappingResult result : results) {
            for (ContractMessage.Reminder reminder : Samples.reminders(result)) {
                var patient = reminder.message().patient();
                patientData.add(patient.givenName());
                patientData.add(patient.phone());
                patientData.add(patient.phone().substring(2));
                if (patient.email() != null) {
                    patientData.add(patient.email());
                }
            }
        }
        assertThat(patientData).hasSizeGreaterThan(40);
        assertThat(results.stream().filter(r -> !r.isValid())).hasSizeGreaterThanOrEqualTo(10);

        List<String> outside = new ArrayList<>();
        for (MappingResult result : results) {
            outside.add(result.source());
            outside.add(String.valueOf(result.note()));
            for (Violation violation : result.violations()) {
                outside.add(violation.path());
                outside.add(violation.message());
            }
        }
        for (ILoggingEvent event : logged.list) {
            outside.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                outside.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        for (String text : outside) {
            for (String value : patientData) {
                assertThat(text).as("patient data must not appear here").doesNotContain(value);
            }
        }
    }

    @Test
    void aViolationNeverContainsTheValueItRefuses() {
        String er7 = String.join("\r",
                "MSH|^~\\&|SCHEDULER|RIVERSIDE|REMINDERS|AR|2026ZQXW||SIU^S12^SIU_S12|MSG-ZQ1|P|2.5.1",
                "SCH|PL-1|APPT-ZQ 1|||||||||^^30^ZQXW20261215",
                "PID|1||ZQ-40001^^^RIV^XX||Zqxw^Qzxw\u0007||||||||zqxw-555^PRN^CP^zq@@zq.example~^NET^Internet^qz@@x",
                "RGS|1",
                "AIL|1||RVS^^^RIVERSIDE^^^^^Zqxw floor\u0007") + "\r";
        MappingResult hl7 = new Hl7v2Mapper(Samples.RIVERSIDE).mapAll(er7).get(0);
        String fhirJson = "{\"resourceType\":\"Appointment\",\"id\":\"a1\",\"meta\":{\"versionId\":\"1\","
                + "\"lastUpdated\":\"2026-13-45T00:00:00Z\"},\"status\":\"booked\",\"start\":\"ZQXW\","
                + "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p\",\"name\":[{\"given\":[\"Qz\\u0007xw\"]}],"
                + "\"telecom\":[{\"system\":\"sms\",\"value\":\"zqxw-555\"},{\"system\":\"email\",\"value\":\"zq@@x\"}]}],"
                + "\"participant\":[{\"actor\":{\"reference\":\"#p\"}}]}";
        MappingResult fhir = new FhirMapper(Samples.RIVERSIDE).mapAll(fhirJson).get(0);

        for (MappingResult result : List.of(hl7, fhir)) {
            assertThat(result.messages()).isEmpty();
            assertThat(result.violations()).hasSizeGreaterThanOrEqualTo(3);
            for (Violation violation : result.violations()) {
                assertThat(violation.path() + " " + violation.message()).doesNotContainIgnoringCase("zq")
                        .doesNotContain("2026-13-45").doesNotContain("\u0007");
            }
        }
        for (ILoggingEvent event : logged.list) {
            assertThat(event.getFormattedMessage()).doesNotContainIgnoringCase("zq");
        }
    }
}
