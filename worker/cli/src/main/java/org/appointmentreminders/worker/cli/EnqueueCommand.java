package org.appointmentreminders.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;
import org.appointmentreminders.contracts.ehr.ContractMessage;
import org.appointmentreminders.contracts.ehr.FhirMapper;
import org.appointmentreminders.contracts.ehr.Hl7v2Mapper;
import org.appointmentreminders.contracts.ehr.MappingConfig;
import org.appointmentreminders.contracts.ehr.MappingConfigJson;
import org.appointmentreminders.contracts.ehr.MappingResult;
import org.appointmentreminders.contracts.ehr.SupersededReminders;
import org.appointmentreminders.contracts.publish.PublishResult;
import org.appointmentreminders.contracts.publish.ReminderPublisher;
import org.appointmentreminders.worker.sqs.SqsLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(
        name = "enqueue",
        mixinStandardHelpOptions = true,
        description = {
            "Validate reminders against message contract v1, then send them to the reminder queue.",
            "",
            "The input is JSON lines (one reminder per line) or one JSON array of reminders. Every "
                + "reminder is validated first; invalid ones are listed with their line and violations "
                + "(paths and codes, never the values) and, unless --skip-invalid is given, nothing is sent "
                + "and the exit code is 2. Valid reminders go out in batches of 10. Sending the same file "
                + "again is safe: reminderId makes the worker text each reminder once.",
            "",
            "With --format hl7v2 (SIU messages) or --format fhir (Appointments), each EHR message is first "
                + "mapped to contract messages (--mapping, or --time-zone for the default mapping); its "
                + "violations name the HL7 field or FHIR path. Cancellations and reschedules go out at once. "
                + "The worker texts a reminder as soon as it receives it (within the send window), so only "
                + "reminders that are due (their time before the start has come, their sendBefore not passed) "
                + "are sent; the others are counted as not yet due: enqueue the same input again later, and "
                + "each reminder still goes out once."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  reminders enqueue appointments.jsonl",
            "  reminders enqueue --dry-run appointments.json        # validate only",
            "  export-from-ehr | reminders enqueue --skip-invalid -",
            "  reminders enqueue --format hl7v2 --mapping ehr-mapping.json siu-today.hl7",
            "  reminders enqueue --format fhir --time-zone America/New_York appointments.ndjson"})
final class EnqueueCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the input holds. */
    enum Format { json, hl7v2, fhir }

    @Parameters(index = "0", paramLabel = "FILE", description = "The input; - reads stdin.")
    String file;

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
            description = "json (JSON lines or an array of contract messages; the default), hl7v2 (ER7 SIU "
                    + "messages, one or many, MLLP framing allowed) or fhir (an Appointment or a Bundle, or NDJSON).")
    Format format;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "With hl7v2 or fhir: the mapping (JSON): time zone, reminders, clinics, HL7 fields, "
                    + "FHIR identifier systems (see contracts/README.md).")
    Path mapping;

    @Option(names = "--time-zone", paramLabel = "ZONE",
            description = "With hl7v2 or fhir and no --mapping: the default mapping in this IANA zone, such as "
                    + "America/New_York.")
    String timeZone;

    @Option(names = "--as-of", paramLabel = "TIMESTAMP",
            description = "With hl7v2 or fhir: decide which reminders are due as of this ISO-8601 time with offset "
                    + "instead of now (to check an input; a reminder sent early is texted early).")
    String asOf;

    @Option(names = "--skip-invalid", description = "Send the valid reminders even if some are invalid.")
    boolean skipInvalid;

    @Option(names = "--dry-run", description = "Validate and report; send nothing.")
    boolean dryRun;

    @Mixin
    Target target;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (format == Format.json && (mapping != null || timeZone != null || asOf != null)) {
            throw new Target.UsageProblem("--mapping, --time-zone and --as-of go with --format hl7v2 or fhir");
        }
        String text = readText();
        ReminderParser parser = new ReminderParser();
        Batch batch = format == Format.json ? fromJson(text, parser, err) : fromEhr(text, parser, out, err);
        List<Entry> valid = batch.valid();
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        for (Entry entry : valid) {
            if (!seen.add(entry.id)) {
                repeated++;
            }
        }
        int invalidCount = batch.invalid();
        if (repeated > 0) {
            err.printf("note: %d reminders repeat a reminderId already in this input; each is texted once%n",
                    repeated);
        }
        if (invalidCount > 0 && !skipInvalid) {
            out.printf("%d valid, %d invalid: nothing sent (fix them, or pass --skip-invalid)%n", valid.size(),
                    invalidCount);
            return RemindersCli.EXIT_USAGE;
        }
        if (dryRun) {
            out.printf("%d valid, %d invalid: would send %d (dry run, nothing sent)%n", valid.size(), invalidCount,
                    valid.size());
            return 0;
        }
        int sent = 0;
        List<String> failures = new ArrayList<>();
        try (SqsClient sqs = SqsClient.create()) {
            ReminderPublisher publisher = new ReminderPublisher(sqs, target.queueUrl(), parser);
            Progress progress = new Progress(err, "Sending", valid.size());
            for (List<Entry> chunk : SqsLimits.batches(valid)) {
                List<PublishResult> results = publisher.publish(chunk.stream().map(e -> e.body).toList());
                for (PublishResult result : results) {
                    if (result.status() == PublishResult.Status.SENT) {
                        sent++;
                    } else {
                        failures.add(chunk.get(result.index()).label + " (id " + result.reminderId()
                                + "): " + result.errorCode());
                    }
                }
                progress.advance(chunk.size());
            }
            progress.finish();
        }
        failures.forEach(failure -> err.println("not sent: " + failure));
        out.printf("Sent %s; %d invalid skipped; %d failed%s%n",
                Table.count(sent, format == Format.json ? "reminder" : "message"), invalidCount,
                failures.size(),
                failures.isEmpty() ? "" : " (sending the same input again is safe)");
        return failures.isEmpty() ? 0 : RemindersCli.EXIT_FAILED;
    }

    private String readText() throws IOException {
        if (file.equals("-")) {
            try (InputStream in = System.in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new Target.UsageProblem("cannot read " + file);
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** Contract messages as they are: each validated by the contract's parser. */
    private Batch fromJson(String text, ReminderParser parser, PrintStream err) {
        List<Entry> entries = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).strip();
        }
        if (trimmed.startsWith("[")) {
            JsonNode array;
            try {
                array = JSON.readTree(trimmed);
            } catch (JsonProcessingException e) {
                throw new Target.UsageProblem("the input starts like a JSON array but is not valid JSON (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
            for (int i = 0; i < array.size(); i++) {
                entries.add(new Entry("item " + (i + 1), array.get(i).toString(), null));
            }
        } else {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    entries.add(new Entry("line " + (i + 1), lines[i].stripTrailing(), null));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new Target.UsageProblem("no reminders in " + (file.equals("-") ? "the input" : file));
        }
        List<Entry> valid = new ArrayList<>();
        for (Entry entry : entries) {
            ParseResult result = parser.parse(entry.body.getBytes(StandardCharsets.UTF_8));
            if (result instanceof ParseResult.Invalid invalid) {
                String id = invalid.reminderId() == null ? "" : " (reminderId " + invalid.reminderId() + ")";
                report(err, entry.label + id, invalid.violations());
            } else {
                valid.add(new Entry(entry.label, entry.body, result.id()));
            }
        }
        return new Batch(valid, entries.size() - valid.size());
    }

    /**
     * EHR messages, mapped to contract messages by contracts-ehr (which has already had each one accepted by the
     * contract's parser). Changes are always due; a reminder is due from its time before the start until its
     * sendBefore.
     */
    private Batch fromEhr(String text, ReminderParser parser, PrintStream out, PrintStream err) {
        MappingConfig config = mappingConfig();
        OffsetDateTime now = asOf();
        List<MappingResult> results = format == Format.hl7v2
                ? new Hl7v2Mapper(config, parser).mapAll(text)
                : new FhirMapper(config, parser).mapAll(text);
        if (results.isEmpty()) {
            throw new Target.UsageProblem("no " + (format == Format.hl7v2 ? "HL7 messages" : "FHIR resources")
                    + " in " + (file.equals("-") ? "the input" : file));
        }
        List<Entry> due = new ArrayList<>();
        int invalid = 0;
        int ignored = 0;
        int changes = 0;
        int reminders = 0;
        int notYetDue = 0;
        int past = 0;
        int stopped = 0;
        Set<String> superseded = SupersededReminders.in(
                results.stream().flatMap(result -> result.messages().stream()).toList());
        for (MappingResult result : results) {
            if (!result.isValid()) {
                invalid++;
                report(err, result.source(), result.violations());
            } else if (result.messages().isEmpty()) {
                ignored++;
                err.println("note: " + result.source() + ": " + result.note());
            }
            for (ContractMessage message : result.messages()) {
                String label = result.source();
                if (message instanceof ContractMessage.Reminder reminder) {
                    reminders++;
                    if (superseded.contains(reminder.id())) {
                        stopped++;
                        continue;
                    }
                    if (reminder.dueAt().isAfter(now)) {
                        notYetDue++;
                        continue;
                    }
                    if (!now.isBefore(reminder.message().deadline())) {
                        past++;
                        continue;
                    }
                } else {
                    changes++;
                }
                due.add(new Entry(label, message.json(), message.id()));
            }
        }
        out.printf("%s: %d mapped, %d invalid, %d needing nothing; %s and %s: %d due now, %d not yet due, "
                        + "%d past their time%s%n",
                Table.count(results.size(), format == Format.hl7v2 ? "HL7 message" : "FHIR resource"),
                results.size() - invalid - ignored, invalid, ignored, Table.count(changes, "change"),
                Table.count(reminders, "reminder"), reminders - stopped - notYetDue - past, notYetDue, past,
                stopped == 0 ? "" : ", " + stopped + " stopped by a cancellation or move in the same input");
        if (notYetDue > 0) {
            out.println("Reminders not yet due are not sent: enqueue the same input again when they are "
                    + "(each is texted once)");
        }
        return new Batch(due, invalid);
    }

    private MappingConfig mappingConfig() {
        if ((mapping == null) == (timeZone == null)) {
            throw new Target.UsageProblem("--format " + format + " needs exactly one of --mapping FILE or "
                    + "--time-zone ZONE");
        }
        try {
            if (mapping != null) {
                if (!Files.isReadable(mapping)) {
                    throw new Target.UsageProblem("cannot read " + mapping);
                }
                return MappingConfigJson.read(Files.readString(mapping, StandardCharsets.UTF_8));
            }
            return MappingConfig.defaults(ZoneId.of(timeZone));
        } catch (DateTimeException e) {
            throw new Target.UsageProblem("--time-zone must be an IANA time zone region id such as "
                    + "America/New_York");
        } catch (IllegalArgumentException e) {
            throw new Target.UsageProblem(e.getMessage());
        } catch (IOException e) {
            throw new Target.UsageProblem("cannot read " + mapping);
        }
    }

    private OffsetDateTime asOf() {
        if (asOf == null) {
            return OffsetDateTime.now();
        }
        try {
            return OffsetDateTime.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new Target.UsageProblem("--as-of must be an ISO-8601 time with an offset, such as "
                    + "2026-12-14T09:00:00-05:00");
        }
    }

    private static void report(PrintStream err, String label, List<Violation> violations) {
        err.println("invalid: " + label);
        for (Violation violation : violations) {
            err.println("  " + violation.path() + "  " + violation.code() + "  " + violation.message());
        }
    }

    /** @param id the reminderId or changeId; null until validated */
    private record Entry(String label, String body, String id) {
    }

    /** What is to be sent, and how many inputs were refused. */
    private record Batch(List<Entry> valid, int invalid) {
    }
}
