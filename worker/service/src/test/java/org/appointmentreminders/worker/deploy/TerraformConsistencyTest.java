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
        assertThat(statementResources(service, policy, "sqs:SendMessage"))
                .containsExactly("«modules/queue:aws_sqs_queue.dead_letter.arn»");
        // The worker writes the ledger and never reads it or its indexes.
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
        workerEnvironment(env).forEach((name, value) -> {
            if (value.known()) {
                if (!value.text().isEmpty()) {
                    variables.put(name, value.text());
                }
            } else if (name.endsWith("_URL")) {
                variables.put(name, "https://sqs.us-east-1.amazonaws.com/123456789012/" + env);
            } else {
                variables.put(name, "1"); // computed at plan time (the per-task SMS rate): a plain number
            }
        });
        variables.put("AWS_REGION", "us-east-1"); // set by ECS

        WorkerConfig config = ConfigLoader.load(variables);

        assertThat(config.environment()).isEqualTo(env);
        Instance service = terraform.environment(env).module("service");
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

        ObjectNode deadLetter = alarmWith(alarms, all, "ApproximateNumberOfMessagesVisible");
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
        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(Map.of(
                LedgerAttributes.REMINDER_ID, "S",
                LedgerAttributes.PATIENT_ID, "S",
                LedgerAttributes.CREATED_AT, "N",
                LedgerAttributes.STATUS, "S",
                LedgerAttributes.UPDATED_AT, "N",
                LedgerAttributes.APPOINTMENT_ID, "S",
                LedgerAttributes.REPORT_DAY, "S",
                LedgerAttributes.CLINIC_KEY, "S"));

        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (ObjectNode index : TerraformModel.blocks(table, "global_secondary_index")) {
            indexes.put(ledger.eval(index.get("name")).text(), List.of(ledger.eval(index.get("hash_key")).text(),
                    ledger.eval(index.get("range_key")).text(), ledger.eval(index.get("projection_type")).text()));
            if (index.has("non_key_attributes")) {
                assertThat(ledger.evalList(index.get("non_key_attributes"))).extracting(Value::text)
                        .as("what the report index holds besides its keys")
                        .containsExactlyElementsOf(LedgerAttributes.REPORT_INDEX_ATTRIBUTES);
            }
        }
        assertThat(indexes).containsExactlyInAnyOrderEntriesOf(Map.of(
                LedgerAttributes.PATIENT_INDEX,
                List.of(LedgerAttributes.PATIENT_ID, LedgerAttributes.CREATED_AT, "ALL"),
                LedgerAttributes.STATUS_INDEX,
                List.of(LedgerAttributes.STATUS, LedgerAttributes.UPDATED_AT, "KEYS_ONLY"),
                LedgerAttributes.APPOINTMENT_INDEX,
                List.of(LedgerAttributes.APPOINTMENT_ID, LedgerAttributes.CREATED_AT, "ALL"),
                LedgerAttributes.REPORT_INDEX,
                List.of(LedgerAttributes.REPORT_DAY, LedgerAttributes.CLINIC_KEY, "INCLUDE")));

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
