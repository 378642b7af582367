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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.contracts.Violation;
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
                + "again is safe: reminderId makes the worker text each reminder once."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  reminders enqueue appointments.jsonl",
            "  reminders enqueue --dry-run appointments.json        # validate only",
            "  export-from-ehr | reminders enqueue --skip-invalid -"})
final class EnqueueCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "JSON lines or a JSON array; - reads stdin.")
    String file;

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
        List<Entry> entries = read();
        ReminderParser parser = new ReminderParser();
        List<Entry> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        for (Entry entry : entries) {
            ParseResult result = parser.parse(entry.body.getBytes(StandardCharsets.UTF_8));
            if (result instanceof ParseResult.Invalid invalid) {
                report(err, entry, invalid);
            } else {
                valid.add(entry);
                if (!seen.add(result.id())) {
                    repeated++;
                }
            }
        }
        int invalidCount = entries.size() - valid.size();
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
                        failures.add(chunk.get(result.index()).label + " (reminderId " + result.reminderId()
                                + "): " + result.errorCode());
                    }
                }
                progress.advance(chunk.size());
            }
            progress.finish();
        }
        failures.forEach(failure -> err.println("not sent: " + failure));
        out.printf("Sent %s; %d invalid skipped; %d failed%s%n", Table.count(sent, "reminder"), invalidCount,
                failures.size(),
                failures.isEmpty() ? "" : " (sending the same input again is safe)");
        return failures.isEmpty() ? 0 : RemindersCli.EXIT_FAILED;
    }

    private List<Entry> read() throws IOException {
        String text;
        if (file.equals("-")) {
            try (InputStream in = System.in) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new Target.UsageProblem("cannot read " + file);
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).strip();
        }
        List<Entry> entries = new ArrayList<>();
        if (trimmed.startsWith("[")) {
            JsonNode array;
            try {
                array = JSON.readTree(trimmed);
            } catch (JsonProcessingException e) {
                throw new Target.UsageProblem("the input starts like a JSON array but is not valid JSON (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
            for (int i = 0; i < array.size(); i++) {
                entries.add(new Entry("item " + (i + 1), array.get(i).toString()));
            }
        } else {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    entries.add(new Entry("line " + (i + 1), lines[i].stripTrailing()));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new Target.UsageProblem("no reminders in " + (file.equals("-") ? "the input" : file));
        }
        return entries;
    }

    private static void report(PrintStream err, Entry entry, ParseResult.Invalid invalid) {
        String id = invalid.reminderId() == null ? "" : " (reminderId " + invalid.reminderId() + ")";
        err.println("invalid: " + entry.label + id);
        for (Violation violation : invalid.violations()) {
            err.println("  " + violation.path() + "  " + violation.code() + "  " + violation.message());
        }
    }

    private record Entry(String label, String body) {
    }
}
