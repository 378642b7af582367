package org.appointmentreminders.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.appointmentreminders.localaws.StackSpec;
import org.appointmentreminders.worker.cli.history.LedgerLookup;
import org.appointmentreminders.worker.cli.report.ReportReader;
import org.appointmentreminders.worker.config.ConfigLoader;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.deploy.TerraformModel.Instance;
import org.appointmentreminders.worker.deploy.TerraformModel.Value;
import org.appointmentreminders.worker.email.EmailFallback;
import org.appointmentreminders.worker.email.EmailTemplateData;
import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import org.appointmentreminders.worker.metrics.MetricNames;
import org.appointmentreminders.worker.templates.DisplayFields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds deploy/terraform to the worker: names, metrics, templates, ledger layout and configuration variables are
 * compared with the worker's own constants, so that a rename on either side fails here rather than in production.
 * The HCL is parsed by python-hcl2 (see {@link TerraformModel}); every environment root is checked.
 */
class TerraformConsistencyTest {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
    private static final List<String> ROOT_FILES_SHARED = List.of("main.tf", "variables.tf", "outputs.tf",
            "versions.tf");
    private static final Pattern TEMPLATE_VARIABLE =
            Pattern.compile("\\{\\{\\s*(?:#if\\s+|#unless\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern FILE_CALL = Pattern.compile("file\\((\"(?:[^\"\\\\]|\\\\.)*\")\\)");
    /** A worker variable set only when a switch of the service module is on: ${local.switch ? value : ""}. */
    private static final Pattern SWITCHED = Pattern.compile("\\$\\{local\\.([a-z_]+) \\? .+ : \"\"}");

    private static TerraformModel terraform;

    @BeforeAll
    static void parse() {
        terraform = TerraformModel.load(TerraformModel.findRepositoryRoot());
    }

    static Stream<String> environments() {
        return ENVIRONMENTS.stream();
    }

    // --- environments -------------------------------------------------------------------------------------------------

    @Test
    void environmentRootsDifferOnlyInTheirSettingsAndState() throws IOException {
        Path envs = terraform.terraformDir.resolve("envs");
        try (Stream<Path> dirs = Files.list(envs)) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(ENVIRONMENTS);
        }
        for (String env : ENVIRONMENTS) {
            for (String file : ROOT_FILES_SHARED) {
                assertThat(envs.resolve(env).resolve(file))
                        .as("envs/%s/%s must equal envs/prod/%s (only terraform.tfvars and backend.tf differ)",
                                env, file, file)
                        .hasSameTextualContentAs(envs.resolve("prod").resolve(file));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void stateIsInAnEncryptedS3BackendThatLocksItself(String env) {
        JsonNode backends = terraform.directory("envs/" + env).file("backend.tf").path("terraform").path(0)
                .path("backend");
        ObjectNode s3 = (ObjectNode) backends.path(0).path("\"s3\"");
        assertThat(s3.isObject()).as("envs/%s/backend.tf: backend \"s3\"", env).isTrue();
        Instance root = terraform.environment(env);
        for (String setting : List.of("key", "region")) {
            assertThat(root.eval(s3.get(setting)).text()).as("backend %s", setting).isNotBlank();
        }
        assertThat(root.eval(s3.get("key")).text()).contains(env);
        // Bucket names are global and each environment has its account: the bucket is named at init.
        assertThat(s3.has("bucket")).as("envs/%s/backend.tf names no bucket", env).isFalse();
        assertThat(s3.path("use_lockfile").asBoolean(false)).as("use_lockfile = true").isTrue();
        assertThat(s3.has("dynamodb_table")).as("no DynamoDB lock table (deprecated by use_lockfile)").isFalse();
        assertThat(s3.path("encrypt").asBoolean(false)).as("encrypt = true").isTrue();
    }

    @ParameterizedTest
    @MethodSource("environments")
    void environmentNameSelectsAConfigFileOfTheWorker(String env) {
        Instance root = terraform.environment(env);
        assertThat(root.eval(root.tfvars.get("environment")).text()).isEqualTo(env);
        assertThat(ConfigLoader.class.getClassLoader().getResource("config/" + env + ".conf"))
                .as("config/%s.conf in the worker", env).isNotNull();
    }

    // --- names and wiring ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("environments")
    void queueTableAndTemplateNamesFollowTheSharedNamingScheme(String env) {
        Instance root = terraform.environment(env);
        String name = root.eval(root.definition("local.name")).text();
        StackSpec spec = StackSpec.named(name);
        assertThat(name).isEqualTo("appointment-reminders-" + env);

        Instance queue = root.module("queue");
        assertThat(queue.eval(queue.dir.resource("aws_sqs_queue", "main").get("name")).text())
                .isEqualTo(spec.queueName());
        assertThat(queue.eval(queue.dir.resource("aws_sqs_queue", "dead_letter").get("name")).text())
                .isEqualTo(spec.deadLetterQueueName());
        assertThat(queue.eval(queue.dir.resource("aws_sqs_queue", "main").get("redrive_policy")).text())
                .as("the main queue's redrive policy targets the dead-letter queue")
                .contains("aws_sqs_queue.dead_letter.arn");

        Instance ledger = root.module("ledger");
        assertThat(ledger.eval(ledger.dir.resource("aws_dynamodb_table", "ledger").get("name")).text())
                .isEqualTo(spec.ledgerTableName());

        Map<String, Value> worker = workerEnvironment(env);
        assertThat(worker.get("REMINDERS_EMAIL_TEMPLATE_PREFIX").text()).isEqualTo(spec.emailTemplatePrefix());
        assertThat(worker.get("REMINDERS_LEDGER_TABLE").text()).isEqualTo(spec.ledgerTableName());

        Instance service = root.module("service");
        JsonNode scaling = service.dir.resource("aws_appautoscaling_policy", "backlog_per_task");
        assertThat(dimensionValues(service, scaling, "QueueName")).containsExactly(spec.queueName());
    }

    @ParameterizedTest
    @MethodSource("environments")
    void workerIsGivenTheQueuesAndTableOfItsEnvironment(String env) {
        Map<String, Value> worker = workerEnvironment(env);
        assertThat(worker.get("REMINDERS_QUEUE_URL").text()).isEqualTo("«modules/queue:aws_sqs_queue.main.url»");
        assertThat(worker.get("REMINDERS_QUEUE_DEAD_LETTER_URL").text())
                .isEqualTo("«modules/queue:aws_sqs_queue.dead_letter.url»");
        assertThat(worker.get("REMINDERS_ENVIRONMENT").text()).isEqualTo(env);

        Instance root = terraform.environment(env);
        assertThat(worker.get("REMINDERS_EMAIL_SENDER").text())
                .isEqualTo(root.eval(root.tfvars.get("email_sender")).text());
        // The queue's visibility timeout and the worker's budget come from the same setting.
        assertThat(root.dir.modules.get("queue").get("message_budget_seconds").asText())
                .isEqualTo(root.dir.modules.get("service").get("message_budget_seconds").asText())
                .isEqualTo("${var.message_budget_seconds}");

        Instance service = root.module("service");
        JsonNode policy = service.dir.data.get("aws_iam_policy_document.task");
        assertThat(statementResources(service, policy, "sqs:ReceiveMessage"))
                .containsExactly("«modules/queue:aws_sqs_queue.main.arn»");
        // Back to the reminder queue (send window, throttled final receive, delivery check), or to its dead letters.
        assertThat(statementResources(service, policy, "sqs:SendMessage"))
                .containsExactly("«modules/queue:aws_sqs_queue.main.arn»", "«modules/queue:aws_sqs_queue.dead_letter.arn»");
        // The worker writes the ledger; what it reads with the closed loop is held in taskRoleAllowsTheCallsOfItsChannel.
        assertThat(statementResources(service, policy, "dynamodb:UpdateItem"))
                .containsExactly("«modules/ledger:aws_dynamodb_table.ledger.arn»");
    }

    @ParameterizedTest
    @MethodSource("environments")
    void taskEnvironmentNamesOnlyRealConfigurationKeys(String env) {
        Map<String, String> byVariable = new HashMap<>();
        for (String key : ConfigLoader.knownKeys()) {
            byVariable.put(ConfigLoader.variableFor(key), key);
        }
        Map<String, Value> worker = workerEnvironment(env);
        assertThat(worker.keySet()).allSatisfy(name -> assertThat(byVariable)
                .as("%s must be ConfigLoader.variableFor(key) of a key in config/application.conf", name)
                .containsKey(name));
        assertThat(worker.keySet()).contains("REMINDERS_ENVIRONMENT", "REMINDERS_QUEUE_URL",
                "REMINDERS_QUEUE_DEAD_LETTER_URL", "REMINDERS_LEDGER_TABLE", "REMINDERS_EMAIL_SENDER",
                "REMINDERS_EMAIL_TEMPLATE_PREFIX");

        Instance service = terraform.environment(env).module("service");
        JsonNode container = service.definition("local.container_definition");
        assertThat(service.dir.resource("aws_ecs_task_definition", "worker").get("container_definitions").asText())
                .isEqualTo("${jsonencode([local.container_definition])}");
        assertThat(container.get("environment").asText())
                .as("the container's environment is local.worker_environment").contains("local.worker_environment");
    }

    @ParameterizedTest
    @MethodSource("environments")
    void workerAcceptsTheTaskConfiguration(String env) {
        Map<String, String> variables = new HashMap<>();
        Loop loop = loop(env);
        Instance service = terraform.environment(env).module("service");
        JsonNode expressions = service.definition("local.worker_environment");
        workerEnvironment(env).forEach((name, value) -> {
            if (value.known()) {
                if (!value.text().isEmpty()) {
                    variables.put(name, value.text());
                }
                return;
            }
            // Computed at plan time. A closed-loop key is set only where its switch is on (else "": left out).
            Matcher switched = SWITCHED.matcher(expressions.get(name).asText());
            if (switched.matches() && !loop.on(switched.group(1))) {
                return;
            }
            if (name.endsWith("_URL")) {
                variables.put(name, "https://sqs.us-east-1.amazonaws.com/123456789012/" + env + "-" + name);
            } else if (name.endsWith("_ARN") || name.endsWith("_IDENTITY")) {
                variables.put(name, "arn:aws:sns:us-east-1:123456789012:" + env);
            } else if (name.endsWith("_ANSWER_UNKNOWN")) {
                variables.put(name, "true");
            } else {
                variables.put(name, "1"); // the per-task SMS rate, the configuration set's name
            }
        });
        variables.put("AWS_REGION", "us-east-1"); // set by ECS

        WorkerConfig config = ConfigLoader.load(variables);

        assertThat(config.environment()).isEqualTo(env);
        assertThat(config.sms().channel()).isEqualTo(loop.endUserMessaging()
                ? WorkerConfig.SmsChannelKind.END_USER_MESSAGING : WorkerConfig.SmsChannelKind.SNS);
        assertThat(config.deliveryReceipts().enabled()).as("receipts read in %s", env).isEqualTo(loop.endUserMessaging());
        assertThat(config.replies().enabled()).as("replies read in %s", env).isEqualTo(loop.replies());
        assertThat(config.ehrEvents().topicArn().isPresent()).as("EHR events in %s", env)
                .isEqualTo(loop.endUserMessaging());
        JsonNode container = service.definition("local.container_definition");
        long stopTimeout = Long.parseLong(service.eval(container.get("stopTimeout")).text());
        assertThat(config.shutdown().grace()).as("shutdown grace below the ECS stopTimeout")
                .isLessThan(Duration.ofSeconds(stopTimeout));
        assertThat(stopTimeout).isEqualTo(30);
        assertThat(config.processing().messageBudget()).isLessThan(config.ledger().lease());

        List<Value> healthCheck = service.evalList(container.get("healthCheck").get("command"));
        assertThat(healthCheck.get(1).text())
                .isEqualTo("curl -fsS http://localhost:" + config.health().port() + "/health/live || exit 1");
    }

    // --- metrics --------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("environments")
    void alarmsWatchTheMetricsTheWorkerSends(String env) {
        Instance alarms = terraform.environment(env).module("alarms");
        StackSpec spec = StackSpec.named("appointment-reminders-" + env);
        Set<String> alarmed = new TreeSet<>();
        List<ObjectNode> all = alarms.dir.resourcesOfType("aws_cloudwatch_metric_alarm");
        assertThat(all).hasSizeGreaterThanOrEqualTo(6);
        for (ObjectNode alarm : all) {
            String alarmName = alarms.eval(alarm.get("alarm_name")).text();
            for (Metric metric : metrics(alarms, alarm)) {
                if (!metric.namespace.startsWith("AWS/")) {
                    assertWorkerMetric(metric, env, alarmName);
                    assertThat(metric.stat).as("%s: %s is a count: alarm on its Sum", alarmName, metric.name)
                            .isEqualTo("Sum");
                    alarmed.add(metric.name);
                }
            }
            assertThat(alarms.evalList(alarm.get("alarm_actions"))).as("%s alarm_actions", alarmName)
                    .extracting(Value::text).containsExactly("«modules/alarms:aws_sns_topic.ops.arn»");
            assertThat(alarms.evalList(alarm.get("ok_actions"))).as("%s ok_actions", alarmName)
                    .extracting(Value::text).containsExactly("«modules/alarms:aws_sns_topic.ops.arn»");
        }
        assertThat(alarmed).contains(MetricNames.SMS_SENT, MetricNames.SMS_FAILURES, MetricNames.EMAIL_FAILURES,
                MetricNames.HEARTBEAT);

        // SMS failure rate: metric math failures / (sent + failures), never the average of a count.
        ObjectNode rate = alarmWith(alarms, all, MetricNames.SMS_FAILURES);
        Map<String, String> idByMetric = new HashMap<>();
        String expression = null;
        for (ObjectNode query : TerraformModel.blocks(rate, "metric_query")) {
            String id = alarms.eval(query.get("id")).text();
            if (query.has("expression")) {
                expression = alarms.eval(query.get("expression")).text();
            }
            for (ObjectNode metric : TerraformModel.blocks(query, "metric")) {
                idByMetric.put(alarms.eval(metric.get("metric_name")).text(), id);
            }
        }
        String failures = idByMetric.get(MetricNames.SMS_FAILURES);
        String sent = idByMetric.get(MetricNames.SMS_SENT);
        assertThat(sent).as("the failure-rate alarm also queries %s", MetricNames.SMS_SENT).isNotNull();
        assertThat(expression).isNotNull().contains(failures + " / (" + sent + " + " + failures + ")");
        assertThat(alarms.eval(rate.get("treat_missing_data")).text()).isEqualTo("notBreaching");

        ObjectNode heartbeat = alarmWith(alarms, all, MetricNames.HEARTBEAT);
        assertThat(alarms.eval(heartbeat.get("comparison_operator")).text()).isEqualTo("LessThanThreshold");
        assertThat(alarms.eval(heartbeat.get("threshold")).text()).isEqualTo("1");
        assertThat(alarms.eval(heartbeat.get("treat_missing_data")).text()).isEqualTo("breaching");

        ObjectNode email = alarmWith(alarms, all, MetricNames.EMAIL_FAILURES);
        assertThat(alarms.eval(email.get("comparison_operator")).text()).isEqualTo("GreaterThanThreshold");
        assertThat(alarms.eval(email.get("threshold")).text()).isEqualTo("0");

        ObjectNode deadLetter = alarms.dir.resource("aws_cloudwatch_metric_alarm", "dead_letter_not_empty");
        assertThat(metrics(alarms, deadLetter)).singleElement().satisfies(metric -> {
            assertThat(metric.namespace).isEqualTo("AWS/SQS");
            assertThat(metric.dimensions).containsExactly(Map.entry("QueueName", spec.deadLetterQueueName()));
        });
        assertThat(alarms.eval(deadLetter.get("threshold")).text()).isEqualTo("0");
        ObjectNode oldest = alarmWith(alarms, all, "ApproximateAgeOfOldestMessage");
        assertThat(metrics(alarms, oldest)).singleElement().satisfies(metric ->
                assertThat(metric.dimensions).containsExactly(Map.entry("QueueName", spec.queueName())));
        ObjectNode spend = alarmWith(alarms, all, "SMSMonthToDateSpentUSD");
        assertThat(metrics(alarms, spend)).singleElement().satisfies(metric ->
                assertThat(metric.namespace).isEqualTo("AWS/SNS"));
    }

    @ParameterizedTest
    @MethodSource("environments")
    void dashboardShowsEveryWorkerMetricWithItsOneDimension(String env) {
        Instance alarms = terraform.environment(env).module("alarms");
        assertThat(alarms.dir.resource("aws_cloudwatch_dashboard", "reminders").get("dashboard_body").asText())
                .contains("local.dashboard_widgets");
        List<List<Value>> rows = new ArrayList<>();
        collectMetricRows(alarms, alarms.definition("local.dashboard_widgets"), rows);
        Set<String> shown = new TreeSet<>();
        for (List<Value> row : rows) {
            if (row.get(0).text().equals(MetricNames.NAMESPACE)) {
                String name = row.get(1).text();
                assertThat(MetricNames.all()).as("dashboard metric %s", name).contains(name);
                assertThat(row.size()).as("%s: namespace, name, one dimension (and options)", name).isEqualTo(4);
                assertThat(row.get(2).text()).isEqualTo(MetricNames.ENVIRONMENT_DIMENSION);
                assertThat(row.get(3).text()).isEqualTo(env);
                shown.add(name);
            } else {
                assertThat(row.get(0).text()).as("dashboard namespaces").matches("AWS/.+|ECS/ContainerInsights");
            }
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(MetricNames.all());
    }

    @ParameterizedTest
    @MethodSource("environments")
    void workerMayPutMetricDataOnlyInItsNamespace(String env) {
        Instance service = terraform.environment(env).module("service");
        JsonNode policy = service.dir.data.get("aws_iam_policy_document.task");
        ObjectNode statement = statementWith(service, policy, "cloudwatch:PutMetricData");
        assertThat(service.evalList(statement.get("resources"))).extracting(Value::text).containsExactly("*");
        List<ObjectNode> conditions = TerraformModel.blocks(statement, "condition");
        assertThat(conditions).singleElement().satisfies(condition -> {
            assertThat(service.eval(condition.get("test")).text()).isEqualTo("StringEquals");
            assertThat(service.eval(condition.get("variable")).text()).isEqualTo("cloudwatch:namespace");
            assertThat(service.evalList(condition.get("values"))).extracting(Value::text)
                    .containsExactly(MetricNames.NAMESPACE);
        });
    }

    // --- email templates ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("environments")
    void sesTemplatesAreTheWorkersTemplateFilesUnderTheNamesItAsksFor(String env) throws IOException {
        Instance messaging = terraform.environment(env).module("messaging");
        Path templates = terraform.repositoryRoot.resolve("worker/service/src/main/resources/templates");
        assertThat(Path.of(messaging.eval(messaging.definition("local.templates_dir")).text()).normalize())
                .isEqualTo(templates.normalize());
        assertThat(messaging.definition("local.languages").asText())
                .as("languages are the template directories, found with fileset")
                .contains("fileset(local.templates_dir, \"*/email-subject.txt\")");

        ObjectNode template = messaging.dir.resource("aws_ses_template", "reminder");
        assertThat(template.get("for_each").asText()).isEqualTo("${local.languages}");
        String prefix = workerEnvironment(env).get("REMINDERS_EMAIL_TEMPLATE_PREFIX").text();
        Set<String> dataKeys = EmailTemplateData.of(new DisplayFields("a", "b", "c", "d", "e", "f")).keySet();

        List<String> languages = languages(templates);
        assertThat(languages).contains("en", "es");
        for (String lang : languages) {
            assertThat(messaging.eval(template.get("name"), lang).text())
                    .isEqualTo(EmailFallback.templateName(prefix, lang));
            assertThat(template.get("subject").asText()).as("a subject is one line")
                    .startsWith("${trimspace(file(");
            Map<String, String> parts = Map.of("subject", "email-subject.txt", "text", "email.txt",
                    "html", "email.html");
            for (Map.Entry<String, String> part : parts.entrySet()) {
                Path file = fileRead(messaging, template.get(part.getKey()), lang);
                assertThat(file).isEqualTo(templates.resolve(lang).resolve(part.getValue()).normalize());
                Matcher variable = TEMPLATE_VARIABLE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (variable.find()) {
                    assertThat(dataKeys).as("%s uses {{%s}}: the worker sends %s", file, variable.group(1), dataKeys)
                            .contains(variable.group(1));
                }
            }
        }
    }

    // --- ledger ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("environments")
    void ledgerTableHasTheWorkersKeyIndexesAndTtl(String env) {
        Instance root = terraform.environment(env);
        Instance ledger = root.module("ledger");
        ObjectNode table = ledger.dir.resource("aws_dynamodb_table", "ledger");
        assertThat(ledger.eval(table.get("hash_key")).text()).isEqualTo(LedgerAttributes.REMINDER_ID);
        assertThat(table.has("range_key")).isFalse();
        assertThat(ledger.eval(table.get("billing_mode")).text()).isEqualTo("PAY_PER_REQUEST");

        Map<String, String> attributes = new LinkedHashMap<>();
        for (ObjectNode attribute : TerraformModel.blocks(table, "attribute")) {
            attributes.put(ledger.eval(attribute.get("name")).text(), ledger.eval(attribute.get("type")).text());
        }
        // The key attributes of the table and its indexes, typed as the worker writes them (s(...) or n(...)).
        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(LedgerAttributes.REMINDER_ID, "S"),
                Map.entry(LedgerAttributes.PATIENT_ID, "S"),
                Map.entry(LedgerAttributes.CREATED_AT, "N"),
                Map.entry(LedgerAttributes.STATUS, "S"),
                Map.entry(LedgerAttributes.UPDATED_AT, "N"),
                Map.entry(LedgerAttributes.SMS_MESSAGE_ID, "S"),
                Map.entry(LedgerAttributes.PHONE_HASH, "S"),
                Map.entry(LedgerAttributes.SMS_SENT_AT, "N"),
                Map.entry(LedgerAttributes.APPOINTMENT_ID, "S"),
                Map.entry(LedgerAttributes.REPORT_DAY, "S"),
                Map.entry(LedgerAttributes.CLINIC_KEY, "S")));

        Map<String, List<String>> indexes = new LinkedHashMap<>();
        Map<String, List<String>> projected = new LinkedHashMap<>();
        for (ObjectNode index : TerraformModel.blocks(table, "global_secondary_index")) {
            String name = ledger.eval(index.get("name")).text();
            indexes.put(name, List.of(ledger.eval(index.get("hash_key")).text(),
                    index.has("range_key") ? ledger.eval(index.get("range_key")).text() : "",
                    ledger.eval(index.get("projection_type")).text()));
            if (index.has("non_key_attributes")) {
                projected.put(name, ledger.evalList(index.get("non_key_attributes")).stream().map(Value::text)
                        .toList());
            }
        }
        assertThat(indexes).containsExactlyInAnyOrderEntriesOf(Map.of(
                LedgerAttributes.PATIENT_INDEX,
                List.of(LedgerAttributes.PATIENT_ID, LedgerAttributes.CREATED_AT, "ALL"),
                LedgerAttributes.STATUS_INDEX,
                List.of(LedgerAttributes.STATUS, LedgerAttributes.UPDATED_AT, "KEYS_ONLY"),
                // A reply's link to its text, and the patient's latest text: the worker reads only the reminderId.
                LedgerAttributes.SMS_MESSAGE_INDEX,
                List.of(LedgerAttributes.SMS_MESSAGE_ID, "", "KEYS_ONLY"),
                LedgerAttributes.PHONE_INDEX,
                List.of(LedgerAttributes.PHONE_HASH, LedgerAttributes.SMS_SENT_AT, "KEYS_ONLY"),
                LedgerAttributes.APPOINTMENT_INDEX,
                List.of(LedgerAttributes.APPOINTMENT_ID, LedgerAttributes.CREATED_AT, "ALL"),
                LedgerAttributes.REPORT_INDEX,
                List.of(LedgerAttributes.REPORT_DAY, LedgerAttributes.CLINIC_KEY, "INCLUDE")));
        assertThat(projected).as("what the report index holds besides its keys").containsExactly(
                Map.entry(LedgerAttributes.REPORT_INDEX, LedgerAttributes.REPORT_INDEX_ATTRIBUTES));

        assertThat(TerraformModel.blocks(table, "ttl")).singleElement().satisfies(ttl -> {
            assertThat(ledger.eval(ttl.get("attribute_name")).text()).isEqualTo(LedgerAttributes.EXPIRES_AT);
            assertThat(ledger.eval(ttl.get("enabled")).text()).isEqualTo("true");
        });
        assertThat(TerraformModel.blocks(table, "point_in_time_recovery")).singleElement()
                .satisfies(pitr -> assertThat(ledger.eval(pitr.get("enabled")).text()).isEqualTo("true"));
        assertThat(TerraformModel.blocks(table, "server_side_encryption")).singleElement().satisfies(sse -> {
            assertThat(ledger.eval(sse.get("enabled")).text()).isEqualTo("true");
            assertThat(ledger.eval(sse.get("kms_key_arn")).text()).isEqualTo("«modules/ledger:aws_kms_key.ledger.arn»");
        });
        assertThat(ledger.eval(table.get("deletion_protection_enabled")).text())
                .as("deletion protection in %s", env).isEqualTo(env.equals("prod") ? "true" : "false");
    }

    // --- the closed loop with the patient -------------------------------------------------------------------------------

    /** The worker variables of the closed loop: config key, service module variable, patient_loop output, resource. */
    private record LoopWiring(String key, String serviceVariable, String output, String resource) {
    }

    private static final List<LoopWiring> LOOP_WIRING = List.of(
            new LoopWiring("reminders.sms.configuration-set", "sms_configuration_set_name", "configuration_set_name",
                    "aws_pinpointsmsvoicev2_configuration_set.this[0].name"),
            new LoopWiring("reminders.sms.origination-identity", "sms_origination_identity_arn",
                    "origination_identity_arn", "local.phone_number_arn"),
            new LoopWiring("reminders.delivery-receipts.queue-url", "receipts_queue_url", "receipts_queue_url",
                    "aws_sqs_queue.main[\"events\"].url"),
            new LoopWiring("reminders.delivery-receipts.dead-letter-url", "receipts_dead_letter_queue_url",
                    "receipts_dead_letter_queue_url", "aws_sqs_queue.dead_letter[\"events\"].url"),
            new LoopWiring("reminders.replies.queue-url", "replies_queue_url", "replies_queue_url",
                    "aws_sqs_queue.main[\"replies\"].url"),
            new LoopWiring("reminders.replies.dead-letter-url", "replies_dead_letter_queue_url",
                    "replies_dead_letter_queue_url", "aws_sqs_queue.dead_letter[\"replies\"].url"),
            new LoopWiring("reminders.ehr-events.topic-arn", "ehr_events_topic_arn", "ehr_events_topic_arn",
                    "aws_sns_topic.stream[\"ehr\"].arn"));

    @ParameterizedTest
    @MethodSource("environments")
    void closedLoopIsMadeOnlyWhereTextsGoThroughEndUserMessaging(String env) {
        Instance root = terraform.environment(env);
        Loop loop = loop(env);
        // dev applies against local AWS, which has no End User Messaging control plane; staging and prod close the loop.
        assertThat(loop).isEqualTo(env.equals("dev") ? new Loop(false, false) : new Loop(true, true));

        ObjectNode call = root.dir.modules.get("patient_loop");
        assertThat(call.get("enabled").asText()).isEqualTo("${var.sms_channel == \"end-user-messaging\"}");
        assertThat(call.get("two_way_enabled").asText()).isEqualTo("${var.sms_two_way_enabled}");
        assertThat(call.get("publisher_role_arn").asText()).isEqualTo("${module.service.task_role_arn}");
        ObjectNode service = root.dir.modules.get("service");
        assertThat(service.get("sms_channel").asText()).isEqualTo("${var.sms_channel}");
        assertThat(service.get("replies_enabled").asText()).isEqualTo("${var.sms_two_way_enabled}");

        // With the loop off, the module makes nothing: every resource and policy of it hangs on its switch.
        Instance patientLoop = root.module("patient_loop");
        Map<String, ObjectNode> blocks = new LinkedHashMap<>(patientLoop.dir.resources);
        patientLoop.dir.data.forEach((name, body) -> {
            if (name.startsWith("aws_iam_policy_document.")) {
                blocks.put("data." + name, body);
            }
        });
        assertThat(blocks).isNotEmpty().allSatisfy((name, body) -> assertThat(
                body.path("count").asText() + body.path("for_each").asText())
                .as("%s is made only with the loop on", name).containsAnyOf("local.enabled", "local.active"));
        assertThat(patientLoop.definition("local.enabled").asText()).isEqualTo("${var.enabled}");
    }

    @ParameterizedTest
    @MethodSource("environments")
    void workerIsGivenTheClosedLoopsResourcesUnderItsOwnKeys(String env) {
        Instance root = terraform.environment(env);
        Instance service = root.module("service");
        Instance patientLoop = root.module("patient_loop");
        JsonNode expressions = service.definition("local.worker_environment");
        Map<String, Value> worker = workerEnvironment(env);
        Set<String> keys = ConfigLoader.knownKeys();

        assertThat(worker.get("REMINDERS_SMS_CHANNEL").text())
                .isEqualTo(loop(env).endUserMessaging() ? "end-user-messaging" : "sns");
        for (LoopWiring wiring : LOOP_WIRING) {
            String variable = ConfigLoader.variableFor(wiring.key);
            assertThat(keys).as("config key %s", wiring.key).contains(wiring.key);
            assertThat(expressions.has(variable)).as("the task sets %s", variable).isTrue();
            assertThat(expressions.get(variable).asText()).as(variable)
                    .contains("var." + wiring.serviceVariable + " : \"\"");
            assertThat(root.dir.modules.get("service").get(wiring.serviceVariable).asText())
                    .isEqualTo("${module.patient_loop." + wiring.output + "}");
            assertThat(patientLoop.dir.outputs.get(wiring.output).get("value").asText())
                    .as("patient_loop output %s", wiring.output).contains(wiring.resource);
        }
        assertThat(expressions.get(ConfigLoader.variableFor("reminders.replies.answer-unknown")).asText())
                .isEqualTo("${local.reads_replies ? tostring(var.answer_unknown_replies) : \"\"}");

        // The events topic is the one the configuration set publishes to; its name is the worker's configuration set.
        assertThat(patientLoop.definition("local.configuration_set_name").asText()).isEqualTo("${var.name}");
        assertThat(patientLoop.definition("local.configuration_set_arn").asText())
                .endsWith(":configuration-set/${local.configuration_set_name}\"");
        JsonNode streams = patientLoop.definition("local.streams");
        assertThat(streams.get("events").get("topic").asText()).isEqualTo("\"${var.name}-sms-events\"");
        assertThat(streams.get("replies").get("enabled").asText()).contains("var.two_way_enabled");
        assertThat(patientLoop.dir.outputs.get("manual_steps").get("value").asText())
                .contains("create-event-destination", "--configuration-set-name ${local.configuration_set_name}",
                        "TopicArn=${aws_sns_topic.stream[\"events\"].arn}", "update-phone-number",
                        "--two-way-channel-arn ${aws_sns_topic.stream[\"replies\"].arn}");
    }

    @Test
    void closedLoopTopicsAndQueuesAreEncryptedAndTakeMessagesOnlyFromTheirPublishers() {
        Instance patientLoop = terraform.environment("prod").module("patient_loop");
        TerraformModel.Directory dir = patientLoop.dir;
        String key = "${local.key_arns[each.value.key]}";
        assertThat(dir.resource("aws_sns_topic", "stream").get("kms_master_key_id").asText()).isEqualTo(key);
        assertThat(dir.resource("aws_sqs_queue", "main").get("kms_master_key_id").asText()).isEqualTo(key);
        assertThat(dir.resource("aws_sqs_queue", "dead_letter").get("kms_master_key_id").asText()).isEqualTo(key);
        assertThat(dir.resource("aws_sqs_queue", "main").get("redrive_policy").asText())
                .contains("aws_sqs_queue.dead_letter[each.key].arn");
        assertThat(dir.resource("aws_sqs_queue_redrive_allow_policy", "dead_letter").get("redrive_allow_policy")
                .asText()).contains("byQueue", "aws_sqs_queue.main[each.key].arn");

        ObjectNode subscription = dir.resource("aws_sns_topic_subscription", "stream");
        assertThat(subscription.get("protocol").asText()).isEqualTo("\"sqs\"");
        assertThat(subscription.get("raw_message_delivery").asBoolean()).as("raw message delivery").isTrue();
        assertThat(subscription.get("redrive_policy").asText()).contains("aws_sqs_queue.dead_letter[each.key].arn");

        // Queues: TLS only, and SendMessage from their own topic only.
        JsonNode queuePolicy = dir.data.get("aws_iam_policy_document.queue");
        assertThat(statementBySid(patientLoop, queuePolicy, "DenyInsecureTransport").get("condition").toString())
                .contains("aws:SecureTransport");
        ObjectNode send = statementBySid(patientLoop, queuePolicy, "OwnTopicSends");
        assertThat(patientLoop.evalList(send.get("actions"))).extracting(Value::text).containsExactly("sqs:SendMessage");
        assertThat(send.get("principals").toString()).contains("sns.amazonaws.com");
        assertThat(send.get("condition").toString())
                .contains("ArnEquals", "aws:SourceArn", "aws_sns_topic.stream[each.value.stream].arn");

        // Topics: TLS only; receipts and replies from End User Messaging only, EHR events from the worker only.
        JsonNode topicPolicy = dir.data.get("aws_iam_policy_document.topic");
        assertThat(statementBySid(patientLoop, topicPolicy, "DenyInsecureTransport").get("condition").toString())
                .contains("aws:SecureTransport");
        assertThat(statementBySid(patientLoop, topicPolicy, "EndUserMessagingPublishes").get("condition").toString())
                .contains("aws:SourceAccount", "local.configuration_set_arn");
        assertThat(statementBySid(patientLoop, topicPolicy, "OnlyEndUserMessagingPublishes").toString())
                .contains("Deny", "aws:PrincipalServiceName", "sms-voice.amazonaws.com");
        assertThat(statementBySid(patientLoop, topicPolicy, "OnlyTheWorkerPublishes").toString())
                .contains("Deny", "aws:PrincipalArn", "var.publisher_role_arn");
    }

    @ParameterizedTest
    @MethodSource("environments")
    void taskRoleAllowsTheCallsOfItsChannelAndNoMore(String env) throws IOException {
        Loop loop = loop(env);
        Instance root = terraform.environment(env);
        Instance service = root.module("service");
        assertThat(service.definition("local.end_user_messaging").asText())
                .isEqualTo("${var.sms_channel == \"end-user-messaging\"}");
        assertThat(service.definition("local.reads_receipts").asText()).isEqualTo("${local.end_user_messaging}");
        assertThat(service.definition("local.reads_replies").asText())
                .isEqualTo("${local.end_user_messaging && var.replies_enabled}");
        assertThat(service.definition("local.publishes_ehr_events").asText()).isEqualTo("${local.end_user_messaging}");

        Map<String, List<String>> allowed = allowedActions(service, loop);
        // What the worker calls, by channel (KMS is what SQS, SNS and DynamoDB call for it).
        Set<String> expected = new TreeSet<>(Set.of(
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
                "sqs:SendMessage", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem",
                "dynamodb:GetItem", // OutcomeLedger.heldByThisClaim
                "ses:SendTemplatedEmail",
                "cloudwatch:PutMetricData", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
        if (loop.endUserMessaging()) {
            // SendTextMessage (reminders, answers to replies), EHR events: Publish (taken from the ledger by UpdateItem).
            expected.addAll(Set.of("sms-voice:SendTextMessage", "sns:Publish"));
            if (loop.replies()) {
                expected.add("dynamodb:Query"); // LoopLedger.findReminder
            }
        } else {
            expected.addAll(Set.of("sns:Publish", "sns:ListPhoneNumbersOptedOut")); // SnsTextApi, OptOutList
        }
        assertThat(allowed.keySet()).as("task role actions in %s", env).containsExactlyInAnyOrderElementsOf(expected);

        if (!loop.endUserMessaging()) {
            assertThat(allowed.get("sns:Publish")).containsExactly("*");
            return;
        }
        assertThat(allowed.get("sms-voice:SendTextMessage")).containsExactly(
                "«modules/patient_loop:local.enabled ? aws_pinpointsmsvoicev2_configuration_set.this[0].arn : \"\"»",
                "«modules/patient_loop:local.enabled ? local.phone_number_arn : \"\"»");
        assertThat(allowed.get("sns:Publish")).singleElement()
                .satisfies(arn -> assertThat(arn).contains("aws_sns_topic.stream[\"ehr\"].arn"));
        assertThat(allowed.get("dynamodb:GetItem")).containsExactly("«modules/ledger:aws_dynamodb_table.ledger.arn»");
        // Receipts and replies are received from their queues, and dead-lettered to theirs.
        assertThat(allowed.get("sqs:ReceiveMessage")).containsExactly("«modules/queue:aws_sqs_queue.main.arn»",
                "${concat([var.receipts_queue_arn], local.reads_replies ? [var.replies_queue_arn] : [])}");
        assertThat(allowed.get("sqs:SendMessage")).containsExactly("«modules/queue:aws_sqs_queue.main.arn»",
                "«modules/queue:aws_sqs_queue.dead_letter.arn»", "${concat([var.receipts_dead_letter_queue_arn], "
                        + "local.reads_replies ? [var.replies_dead_letter_queue_arn] : [])}");
        Map<String, String> arns = Map.of(
                "receipts_queue_arn", "aws_sqs_queue.main[\"events\"].arn",
                "replies_queue_arn", "aws_sqs_queue.main[\"replies\"].arn",
                "receipts_dead_letter_queue_arn", "aws_sqs_queue.dead_letter[\"events\"].arn",
                "replies_dead_letter_queue_arn", "aws_sqs_queue.dead_letter[\"replies\"].arn");
        arns.forEach((variable, resource) -> {
            assertThat(root.dir.modules.get("service").get(variable).asText())
                    .isEqualTo("${module.patient_loop." + variable + "}");
            assertThat(root.module("patient_loop").dir.outputs.get(variable).get("value").asText()).contains(resource);
        });

        // dynamodb:Query on exactly the indexes LoopLedger queries, never on the table.
        Path loopLedger = terraform.repositoryRoot.resolve(
                "worker/service/src/main/java/org/appointmentreminders/worker/ledger/LoopLedger.java");
        Matcher index = Pattern.compile("indexName\\(LedgerAttributes\\.([A-Z_]+)\\)")
                .matcher(Files.readString(loopLedger, StandardCharsets.UTF_8));
        List<String> queried = new ArrayList<>();
        while (index.find()) {
            queried.add("«modules/ledger:aws_dynamodb_table.ledger.arn»/index/" + ledgerConstant(index.group(1)));
        }
        assertThat(queried).containsExactlyInAnyOrder(
                "«modules/ledger:aws_dynamodb_table.ledger.arn»/index/" + LedgerAttributes.SMS_MESSAGE_INDEX,
                "«modules/ledger:aws_dynamodb_table.ledger.arn»/index/" + LedgerAttributes.PHONE_INDEX);
        assertThat(allowed.get("dynamodb:Query")).containsExactlyInAnyOrderElementsOf(queried);
    }

    @ParameterizedTest
    @MethodSource("environments")
    void closedLoopIsAlarmedOnItsDeadLettersAndDeliveryRate(String env) {
        Instance root = terraform.environment(env);
        Instance alarms = root.module("alarms");
        ObjectNode call = root.dir.modules.get("alarms");
        assertThat(call.get("delivery_rate_alarm").asText()).isEqualTo("${var.sms_channel == \"end-user-messaging\"}");
        assertThat(call.get("loop_dead_letter_queue_names").asText())
                .isEqualTo("${module.patient_loop.dead_letter_queue_names}");
        assertThat(root.module("patient_loop").dir.outputs.get("dead_letter_queue_names").get("value").asText())
                .contains("[\"events\", \"replies\"]", "aws_sqs_queue.dead_letter[stream].name");

        ObjectNode deadLetters = alarms.dir.resource("aws_cloudwatch_metric_alarm", "loop_dead_letter_not_empty");
        assertThat(deadLetters.get("for_each").asText()).isEqualTo("${var.loop_dead_letter_queue_names}");
        assertThat(alarms.eval(deadLetters.get("metric_name")).text()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(deadLetters.get("dimensions").toString()).contains("QueueName", "each.value");
        assertThat(alarms.eval(deadLetters.get("comparison_operator")).text()).isEqualTo("GreaterThanThreshold");
        assertThat(alarms.eval(deadLetters.get("threshold")).text()).isEqualTo("0");

        // Delivered / texted, by metric math on the worker's two counts.
        ObjectNode rate = alarms.dir.resource("aws_cloudwatch_metric_alarm", "delivery_rate");
        assertThat(rate.get("count").asText()).isEqualTo("${var.delivery_rate_alarm ? 1 : 0}");
        Map<String, String> idByMetric = new HashMap<>();
        String expression = null;
        for (ObjectNode query : TerraformModel.blocks(rate, "metric_query")) {
            String id = alarms.eval(query.get("id")).text();
            if (query.has("expression")) {
                expression = query.get("expression").asText();
            }
            for (ObjectNode metric : TerraformModel.blocks(query, "metric")) {
                idByMetric.put(alarms.eval(metric.get("metric_name")).text(), id);
            }
        }
        assertThat(idByMetric).containsOnlyKeys(MetricNames.DELIVERED, MetricNames.SMS_SENT);
        assertThat(expression).contains("100 * " + idByMetric.get(MetricNames.DELIVERED) + " / "
                + idByMetric.get(MetricNames.SMS_SENT));
        assertThat(alarms.eval(rate.get("comparison_operator")).text()).isEqualTo("LessThanThreshold");
        assertThat(rate.get("threshold").asText()).isEqualTo("${var.delivery_rate_threshold_percent}");
        assertThat(call.get("delivery_rate_threshold_percent").asText())
                .isEqualTo("${var.delivery_rate_alarm_threshold_percent}");
    }

    // --- support role -------------------------------------------------------------------------------------------------

    /**
     * The read-only support role grants what reminders show, history and report call (as their classes declare it,
     * and ShowHistoryReportIT checks the declaration against the calls), on the ledger and the indexes they read:
     * no Scan, no write, nothing else.
     */
    @ParameterizedTest
    @MethodSource("environments")
    void supportRoleMayOnlyReadTheLedgerTheWayTheCommandsDo(String env) {
        Instance root = terraform.environment(env);
        Instance support = root.module("support");
        String table = "«modules/ledger:aws_dynamodb_table.ledger.arn»";
        JsonNode policy = support.dir.data.get("aws_iam_policy_document.support");

        Set<String> commandActions = new TreeSet<>(LedgerLookup.ACTIONS);
        commandActions.addAll(ReportReader.ACTIONS);
        Set<String> granted = new TreeSet<>();
        for (ObjectNode statement : TerraformModel.blocks(policy, "statement")) {
            assertThat(support.eval(statement.get("effect")).text()).as("only Allow statements")
                    .isIn("Allow", "«modules/support:null»");
            support.evalList(statement.get("actions")).forEach(action -> granted.add(action.text()));
        }
        Set<String> dynamoDb = new TreeSet<>(granted);
        dynamoDb.removeIf(action -> !action.startsWith("dynamodb:"));
        assertThat(dynamoDb).as("the DynamoDB actions the commands call").isEqualTo(commandActions);
        assertThat(granted).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "kms:Decrypt",
                "kms:DescribeKey");

        assertThat(statementResources(support, policy, "dynamodb:GetItem")).containsExactly(table);
        List<String> indexes = new ArrayList<>(LedgerLookup.INDEXES);
        indexes.addAll(ReportReader.INDEXES);
        assertThat(statementResources(support, policy, "dynamodb:Query")).as("the indexes the commands query")
                .containsExactlyInAnyOrderElementsOf(indexes.stream().map(index -> table + "/index/" + index)
                        .toList());
        ObjectNode key = statementWith(support, policy, "kms:Decrypt");
        assertThat(support.evalList(key.get("resources"))).extracting(Value::text)
                .containsExactly("«modules/ledger:aws_kms_key.ledger.arn»");
        assertThat(TerraformModel.blocks(key, "condition")).singleElement().satisfies(condition -> {
            assertThat(support.eval(condition.get("variable")).text()).isEqualTo("kms:ViaService");
            assertThat(support.evalList(condition.get("values"))).singleElement()
                    .satisfies(value -> assertThat(value.text()).startsWith("dynamodb."));
        });

        ObjectNode role = support.dir.resource("aws_iam_role", "support");
        assertThat(support.eval(role.get("name")).text()).isEqualTo("appointment-reminders-" + env + "-support");
        assertThat(role.get("assume_role_policy").asText()).contains("data.aws_iam_policy_document.assume.json");
        JsonNode trust = support.dir.data.get("aws_iam_policy_document.assume");
        assertThat(TerraformModel.blocks(trust, "statement")).singleElement().satisfies(statement -> {
            assertThat(support.evalList(statement.get("actions"))).extracting(Value::text)
                    .containsExactly("sts:AssumeRole");
            assertThat(TerraformModel.blocks(statement, "principals")).singleElement().satisfies(principal -> {
                assertThat(support.eval(principal.get("type")).text()).isEqualTo("AWS");
                assertThat(principal.get("identifiers").toString()).as("the account, nobody outside it")
                        .contains("local.account_root");
            });
        });
        ObjectNode attached = support.dir.resource("aws_iam_role_policy", "support");
        assertThat(attached.get("policy").asText()).contains("data.aws_iam_policy_document.support.json");
        assertThat(support.dir.resourcesOfType("aws_iam_role_policy_attachment"))
                .as("no managed policy widens the role").isEmpty();
    }

    // --- helpers --------------------------------------------------------------------------------------------------------

    /** The closed loop's switches in an environment, as the root's settings (terraform.tfvars, defaults) make them. */
    private record Loop(boolean endUserMessaging, boolean replies) {
        /** A switch of the service module (local.&lt;name&gt;), held to these by taskRoleAllowsTheCallsOfItsChannel. */
        boolean on(String local) {
            return switch (local) {
                case "end_user_messaging", "reads_receipts", "publishes_ehr_events" -> endUserMessaging;
                case "reads_replies" -> replies;
                default -> throw new AssertionError("no switch local." + local + " in modules/service");
            };
        }
    }

    private static Loop loop(String env) {
        Instance root = terraform.environment(env);
        String channel = root.eval(root.definition("var.sms_channel")).text();
        assertThat(channel).isIn("sns", "end-user-messaging");
        boolean endUserMessaging = channel.equals("end-user-messaging");
        boolean twoWay = root.eval(root.definition("var.sms_two_way_enabled")).text().equals("true");
        return new Loop(endUserMessaging, endUserMessaging && twoWay);
    }

    /**
     * Every action the task role allows in an environment, with its resources (evaluated): the policy's statements,
     * and its dynamic statements whose switch is on there ({@code for_each = local.switch ? [1] : []}, or the reverse).
     */
    private static Map<String, List<String>> allowedActions(Instance service, Loop loop) {
        JsonNode policy = service.dir.data.get("aws_iam_policy_document.task");
        List<ObjectNode> statements = new ArrayList<>(TerraformModel.blocks(policy, "statement"));
        Pattern forEach = Pattern.compile("\\$\\{local\\.([a-z_]+) \\? (\\[1]|\\[]) : (\\[1]|\\[])}");
        for (JsonNode dynamic : policy.path("dynamic")) {
            ObjectNode block = (ObjectNode) dynamic.get("\"statement\"");
            assertThat(block).as("only dynamic statements in the task policy").isNotNull();
            Matcher when = forEach.matcher(block.get("for_each").asText());
            assertThat(when.matches()).as("for_each of a dynamic statement: %s", block.get("for_each")).isTrue();
            boolean on = loop.on(when.group(1));
            if ((on ? when.group(2) : when.group(3)).equals("[1]")) {
                statements.addAll(TerraformModel.blocks(block, "content"));
            }
        }
        Map<String, List<String>> allowed = new TreeMap<>();
        for (ObjectNode statement : statements) {
            if (service.eval(statement.get("effect")).text().equals("Deny")) {
                continue;
            }
            List<String> resources = statement.get("resources").isArray()
                    ? service.evalList(statement.get("resources")).stream().map(Value::text).toList()
                    : List.of(statement.get("resources").asText());
            for (Value action : service.evalList(statement.get("actions"))) {
                allowed.computeIfAbsent(action.text(), a -> new ArrayList<>()).addAll(resources);
            }
        }
        return allowed;
    }

    /** A statement of a policy document (or of its dynamic statements' content) by its sid. */
    private static ObjectNode statementBySid(Instance in, JsonNode policy, String sid) {
        List<ObjectNode> statements = new ArrayList<>(TerraformModel.blocks(policy, "statement"));
        for (JsonNode dynamic : policy.path("dynamic")) {
            dynamic.fields().forEachRemaining(entry -> statements.addAll(TerraformModel.blocks(entry.getValue(),
                    "content")));
        }
        return statements.stream().filter(statement -> in.eval(statement.get("sid")).text().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in deploy/terraform/" + in.dir.path));
    }

    private static String ledgerConstant(String name) {
        try {
            return (String) LedgerAttributes.class.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("LedgerAttributes." + name, e);
        }
    }


    /** The REMINDERS_* variables of the worker container, evaluated in an environment. */
    private static Map<String, Value> workerEnvironment(String env) {
        Instance service = terraform.environment(env).module("service");
        Map<String, Value> result = new LinkedHashMap<>();
        service.definition("local.worker_environment").fields().forEachRemaining(entry ->
                result.put(entry.getKey(), service.eval(entry.getValue())));
        return result;
    }

    private record Metric(String namespace, String name, Map<String, String> dimensions, String stat) {
    }

    /** The metrics an alarm reads: its own, or those of its metric queries. */
    private static List<Metric> metrics(Instance in, ObjectNode alarm) {
        List<Metric> result = new ArrayList<>();
        if (alarm.has("metric_name")) {
            result.add(new Metric(in.eval(alarm.get("namespace")).text(), in.eval(alarm.get("metric_name")).text(),
                    dimensions(in, alarm.get("dimensions")),
                    alarm.has("statistic") ? in.eval(alarm.get("statistic")).text()
                            : in.eval(alarm.get("extended_statistic")).text()));
        }
        for (ObjectNode query : TerraformModel.blocks(alarm, "metric_query")) {
            for (ObjectNode metric : TerraformModel.blocks(query, "metric")) {
                result.add(new Metric(in.eval(metric.get("namespace")).text(),
                        in.eval(metric.get("metric_name")).text(), dimensions(in, metric.get("dimensions")),
                        in.eval(metric.get("stat")).text()));
            }
        }
        return result;
    }

    private static Map<String, String> dimensions(Instance in, JsonNode dimensions) {
        Map<String, String> result = new LinkedHashMap<>();
        if (dimensions != null) {
            dimensions.fields().forEachRemaining(entry -> result.put(entry.getKey(), in.eval(entry.getValue()).text()));
        }
        return result;
    }

    private static void assertWorkerMetric(Metric metric, String env, String where) {
        assertThat(metric.namespace).as("%s namespace", where).isEqualTo(MetricNames.NAMESPACE);
        assertThat(MetricNames.all()).as("%s: metric %s is one the worker sends", where, metric.name)
                .contains(metric.name);
        assertThat(metric.dimensions).as("%s: the worker's one dimension", where)
                .containsExactly(Map.entry(MetricNames.ENVIRONMENT_DIMENSION, env));
    }

    private static ObjectNode alarmWith(Instance in, List<ObjectNode> alarms, String metricName) {
        List<ObjectNode> found = alarms.stream()
                .filter(alarm -> metrics(in, alarm).stream().anyMatch(metric -> metric.name.equals(metricName)))
                .toList();
        assertThat(found).as("one alarm on %s", metricName).hasSize(1);
        return found.get(0);
    }

    private static List<String> dimensionValues(Instance in, JsonNode scalingPolicy, String dimension) {
        List<String> values = new ArrayList<>();
        for (ObjectNode config : TerraformModel.blocks(scalingPolicy, "target_tracking_scaling_policy_configuration")) {
            for (ObjectNode spec : TerraformModel.blocks(config, "customized_metric_specification")) {
                for (ObjectNode query : TerraformModel.blocks(spec, "metrics")) {
                    for (ObjectNode stat : TerraformModel.blocks(query, "metric_stat")) {
                        for (ObjectNode metric : TerraformModel.blocks(stat, "metric")) {
                            for (ObjectNode dim : TerraformModel.blocks(metric, "dimensions")) {
                                if (in.eval(dim.get("name")).text().equals(dimension)) {
                                    values.add(in.eval(dim.get("value")).text());
                                }
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private static ObjectNode statementWith(Instance in, JsonNode policy, String action) {
        List<ObjectNode> found = TerraformModel.blocks(policy, "statement").stream()
                .filter(statement -> !in.eval(statement.get("effect")).text().equals("Deny"))
                .filter(statement -> in.evalList(statement.get("actions")).stream()
                        .anyMatch(value -> value.text().equals(action)))
                .toList();
        assertThat(found).as("one Allow statement with %s", action).hasSize(1);
        return found.get(0);
    }

    private static List<String> statementResources(Instance in, JsonNode policy, String action) {
        return in.evalList(statementWith(in, policy, action).get("resources")).stream().map(Value::text).toList();
    }

    /** Every metric row ([namespace, name, dimension name, value, ..., {options}]) of the dashboard. */
    private static void collectMetricRows(Instance in, JsonNode node, List<List<Value>> rows) {
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getKey().equals("metrics") && entry.getValue().isArray()) {
                    for (JsonNode row : entry.getValue()) {
                        List<Value> values = new ArrayList<>();
                        for (JsonNode element : row) {
                            if (!element.isObject()) {
                                values.add(in.eval(element));
                            }
                        }
                        if (!values.isEmpty()) {
                            rows.add(values);
                        }
                    }
                } else {
                    collectMetricRows(in, entry.getValue(), rows);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectMetricRows(in, element, rows));
        }
    }

    /** The file a part of an SES template is read from: the argument of file(...) in its expression. */
    private static Path fileRead(Instance in, JsonNode part, String lang) {
        Matcher call = FILE_CALL.matcher(part.asText());
        assertThat(call.find()).as("read with file(): %s", part.asText()).isTrue();
        Value path = in.eval(TextNode.valueOf(call.group(1)), lang);
        assertThat(path.known()).as("path %s", path).isTrue();
        return Path.of(path.text()).normalize();
    }

    private static List<String> languages(Path templates) throws IOException {
        try (Stream<Path> dirs = Files.list(templates)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("email-subject.txt")))
                    .map(dir -> dir.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
