package org.appointmentreminders.worker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.appointmentreminders.localaws.AwsClients;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAws;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.queue.DeadLetterAttributes;
import org.appointmentreminders.worker.testing.Ledger;
import org.appointmentreminders.worker.testing.Queues;
import org.appointmentreminders.worker.testing.Stacks;
import org.appointmentreminders.worker.testing.TestReminders;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Scenario 7: a corpus of hostile messages (every invalid contract example, and more made here: deep nesting, huge
 * strings, wrong types, control and bidi characters, bad zones, DST gaps, leap days, duplicate keys, a BOM, broken
 * Unicode). The worker never crashes or stalls, each lands in the DLQ with its reason, and the log scan that runs
 * after the suite finds none of their phone numbers, addresses or names.
 */
@ExtendWith(LocalAwsExtension.class)
class HostileInputIT {
    private static final Pattern PATIENT_VALUE = Pattern.compile(
            "\"(?:phone|email|givenName|clinicPhone)\"\\s*:\\s*\"([^\"]{3,})\"");

    @Test
    void everyHostileMessageLandsInTheDeadLetterQueueWithItsReason(
            AwsEndpoints endpoints, AwsClients aws) throws IOException {
        ProvisionedStack stack = Stacks.fresh(aws, "hostile");
        Map<String, String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);

        Map<String, String> expectedReason = new LinkedHashMap<>();
        List<String> refusedBySqs = new ArrayList<>();
        for (Map.Entry<String, String> entry : corpus.entrySet()) {
            String body = entry.getValue();
            Matcher values = PATIENT_VALUE.matcher(body);
            while (values.find()) {
                TestReminders.rememberPatientValue(values.group(1));
            }
            try {
                String id = aws.sqs().sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody(body)).messageId();
                expectedReason.put(id, expectedCode(entry.getKey()));
            } catch (SqsException refused) {
                // SQS itself refuses some bodies (characters outside what it carries): they never reach the worker.
                refusedBySqs.add(entry.getKey());
            }
        }
        TestReminders canary = TestReminders.reminder();
        Ledger ledger = new Ledger(aws, stack);

        List<Message> deadLetters;
        try (WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Queues.depth(aws, stack.deadLetterQueueUrl()) == expectedReason.size()
                            && Queues.depth(aws, stack.queueUrl()) == 0);
            // Still alive and not stalled: a valid reminder sent after the corpus goes out at once.
            Queues.send(aws, stack.queueUrl(), canary.json());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ledger.status(canary.reminderId()).filter("SMS_SENT"::equals).isPresent());
            assertThat(worker.worker().isLive()).isTrue();
        }
        deadLetters = Queues.drain(aws, stack.deadLetterQueueUrl());

        assertThat(deadLetters).hasSize(expectedReason.size());
        for (Message message : deadLetters) {
            String source = message.messageAttributes().get(DeadLetterAttributes.SOURCE_MESSAGE_ID).stringValue();
            String reason = message.messageAttributes().get(DeadLetterAttributes.REASON).stringValue();
            String expected = expectedReason.get(source);
            assertThat(expected).as("a dead letter from the corpus").isNotNull();
            if (!expected.equals("any")) {
                assertThat(reason).as("reason of %s", source).isEqualTo(expected);
            }
        }
        new ScenarioReport("7-hostile-input", corpus.size(), "hostile-input corpus")
                .put("sentThroughSqs", expectedReason.size()).put("refusedBySqs", refusedBySqs.size())
                .put("deadLetteredWithReason", deadLetters.size()).put("lost", 0).write();
    }

    /** File or case name to body. Names carry the expected violation code after "--". */
    private static Map<String, String> corpus() throws IOException {
        Map<String, String> corpus = new LinkedHashMap<>();
        Path examples = LocalAws.projectRoot().resolve("contracts/examples/invalid");
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String name = file.getFileName().toString().replace(".json", "");
                // Bytes that are not UTF-8 cannot travel as an SQS string; what arrives instead is still refused.
                corpus.put(isUtf8(bytes) ? name : name.replaceAll("--.*", "--any"),
                        new String(bytes, StandardCharsets.UTF_8));
            }
        }
        String valid = TestReminders.reminder().reminderId("hostile-base").json();
        corpus.put("nesting-5000-deep--too_deep", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
        corpus.put("name-200k--too_long", valid.replaceFirst("\"givenName\":\"[^\"]*\"",
                "\"givenName\":\"" + "x".repeat(200_000) + "\""));
        corpus.put("phone-as-number--wrong_type", valid.replaceFirst("\"phone\":\"\\+1(\\d+)\"", "\"phone\":1$1"));
        corpus.put("patient-as-array--wrong_type", valid.replaceFirst("\"patient\":\\{[^}]*\\}", "\"patient\":[]"));
        corpus.put("nul-in-name--control_characters", valid.replaceFirst("\"givenName\":\"", "\"givenName\":\"A\\\\u0000"));
        corpus.put("escape-char-in-location--control_characters",
                valid.replaceFirst("\"location\":\"", "\"location\":\"\\\\u001b[31m"));
        corpus.put("rtl-override-in-clinic--control_characters",
                valid.replaceFirst("\"clinicName\":\"", "\"clinicName\":\"\\\\u202e"));
        corpus.put("lone-surrogate-in-name--control_characters",
                valid.replaceFirst("\"givenName\":\"", "\"givenName\":\"\\\\ud800"));
        corpus.put("script-tag-reminder-id--invalid_reminder_id",
                valid.replace("\"reminderId\":\"hostile-base\"", "\"reminderId\":\"<script>alert(1)</script>\""));
        corpus.put("emoji-reminder-id--invalid_reminder_id",
                valid.replace("\"reminderId\":\"hostile-base\"", "\"reminderId\":\"appt-\uD83D\uDE00\""));
        corpus.put("zone-mars--unknown_time_zone", valid.replaceFirst("\"timeZone\":\"[^\"]*\"",
                "\"timeZone\":\"Mars/Olympus_Mons\""));
        corpus.put("zone-fixed-offset--unknown_time_zone", valid.replaceFirst("\"timeZone\":\"[^\"]*\"",
                "\"timeZone\":\"+05:00\""));
        corpus.put("start-2027-02-29--invalid_timestamp", valid.replaceFirst("\"start\":\"[^\"]*\"",
                "\"start\":\"2027-02-29T10:00:00-05:00\""));
        corpus.put("start-in-dst-gap--offset_mismatch", valid.replaceFirst("\"start\":\"[^\"]*\"",
                "\"start\":\"2027-03-14T02:30:00-05:00\"").replaceFirst("\"sendBefore\":\"[^\"]*\",?", ""));
        corpus.put("duplicate-patient-key--duplicate_key", valid.replaceFirst("\"patient\":", "\"patient\":{},\"patient\":"));
        corpus.put("bom-then-garbage--malformed_json", "\uFEFF{garbage");
        corpus.put("whitespace-only--malformed_json", "   ");
        corpus.put("json-null--not_an_object", "null");
        corpus.put("json-number--not_an_object", "42");
        corpus.put("truncated-half--malformed_json", valid.substring(0, valid.length() / 2));
        corpus.put("schema-version-string--unsupported_schema_version",
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\""));
        return corpus;
    }

    private static String expectedCode(String name) {
        int separator = name.lastIndexOf("--");
        return separator < 0 ? "any" : name.substring(separator + 2);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
