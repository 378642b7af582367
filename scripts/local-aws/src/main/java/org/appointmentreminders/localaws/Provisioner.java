package org.appointmentreminders.localaws;

import static org.appointmentreminders.localaws.LedgerTableLayout.APPOINTMENT_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.APPOINTMENT_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.APPOINTMENT_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PATIENT_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.PATIENT_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PATIENT_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX_ATTRIBUTES;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.STATUS_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.STATUS_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.STATUS_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.TTL_ATTRIBUTE;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.AlreadyExistsException;
import software.amazon.awssdk.services.ses.model.Template;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Creates what one environment needs, the same way each time: running it twice changes nothing. Tests, the demo and
 * the benchmark all provision through here, so they exercise the same queues, table and templates.
 */
public final class Provisioner {
    /** SQS keeps a dead-lettered message at most 14 days; the DLQ keeps them that long so nothing ages out early. */
    private static final String FOURTEEN_DAYS = Integer.toString(14 * 24 * 3600);

    private final AwsClients clients;

    public Provisioner(AwsClients clients) {
        this.clients = clients;
    }

    public ProvisionedStack provision(StackSpec spec) {
        SqsClient sqs = clients.sqs();
        String dlqUrl = createQueue(sqs, spec.deadLetterQueueName(),
                Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS));
        String dlqArn = queueArn(sqs, dlqUrl);
        String queueUrl = createQueue(sqs, spec.queueName(), Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(spec.visibilityTimeout().toSeconds()),
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":" + spec.maxReceiveCount() + "}"));
        String queueArn = queueArn(sqs, queueUrl);
        allowRedriveFrom(sqs, dlqUrl, queueArn);

        createLedgerTable(clients.dynamoDb(), spec.ledgerTableName());
        prepareEmail(clients.ses(), spec);
        return new ProvisionedStack(spec, queueUrl, queueArn, dlqUrl, dlqArn, spec.ledgerTableName());
    }

    private static String createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        // Create bare, then set attributes: creating an existing queue with different attributes is an error.
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(attributes));
        return url;
    }

    /** Lets the console's "Start DLQ redrive" (and StartMessageMoveTask) move messages back to this queue only. */
    private static void allowRedriveFrom(SqsClient sqs, String dlqUrl, String queueArn) {
        try {
            sqs.setQueueAttributes(r -> r.queueUrl(dlqUrl).attributes(Map.of(QueueAttributeName.REDRIVE_ALLOW_POLICY,
                    "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + queueArn + "\"]}")));
        } catch (SqsException e) {
            // ElasticMQ does not know the attribute; its move tasks need no permission. Real SQS does.
            if (!"InvalidAttributeName".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    private static String queueArn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static void createLedgerTable(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(PARTITION_KEY, ScalarAttributeType.S),
                            attribute(PATIENT_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(PATIENT_INDEX_SORT_KEY, ScalarAttributeType.N),
                            attribute(STATUS_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(STATUS_INDEX_SORT_KEY, ScalarAttributeType.N),
                            attribute(APPOINTMENT_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(REPORT_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(REPORT_INDEX_SORT_KEY, ScalarAttributeType.S))
                    .keySchema(key(PARTITION_KEY, KeyType.HASH))
                    .globalSecondaryIndexes(
                            index(PATIENT_INDEX, PATIENT_INDEX_PARTITION_KEY, PATIENT_INDEX_SORT_KEY,
                                    ProjectionType.ALL),
                            index(STATUS_INDEX, STATUS_INDEX_PARTITION_KEY, STATUS_INDEX_SORT_KEY,
                                    ProjectionType.KEYS_ONLY),
                            index(APPOINTMENT_INDEX, APPOINTMENT_INDEX_PARTITION_KEY, APPOINTMENT_INDEX_SORT_KEY,
                                    ProjectionType.ALL),
                            index(REPORT_INDEX, REPORT_INDEX_PARTITION_KEY, REPORT_INDEX_SORT_KEY,
                                    Projection.builder().projectionType(ProjectionType.INCLUDE)
                                            .nonKeyAttributes(REPORT_INDEX_ATTRIBUTES).build())));
            dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(table));
            dynamoDb.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
        } catch (ResourceInUseException alreadyThere) {
            // provisioned before: nothing to do
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey, ProjectionType type) {
        return index(name, partitionKey, sortKey, Projection.builder().projectionType(type).build());
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey,
                                              Projection projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(projection)
                .build();
    }

    private static void prepareEmail(SesClient ses, StackSpec spec) {
        ses.verifyEmailIdentity(r -> r.emailAddress(spec.senderEmail()));
        for (EmailTemplate template : spec.emailTemplates()) {
            Template sesTemplate = Template.builder()
                    .templateName(template.name())
                    .subjectPart(template.subject())
                    .textPart(template.text())
                    .htmlPart(template.html())
                    .build();
            try {
                ses.createTemplate(r -> r.template(sesTemplate));
            } catch (AlreadyExistsException exists) {
                ses.updateTemplate(r -> r.template(sesTemplate));
            }
        }
    }
}
