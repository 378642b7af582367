package org.appointmentreminders.localaws;

import static org.appointmentreminders.localaws.LedgerTableLayout.APPOINTMENT_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.APPOINTMENT_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.APPOINTMENT_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PATIENT_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.PATIENT_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PATIENT_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PHONE_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.PHONE_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.PHONE_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.SMS_MESSAGE_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.SMS_MESSAGE_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX_ATTRIBUTES;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.REPORT_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.STATUS_INDEX;
import static org.appointmentreminders.localaws.LedgerTableLayout.STATUS_INDEX_PARTITION_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.STATUS_INDEX_SORT_KEY;
import static org.appointmentreminders.localaws.LedgerTableLayout.TTL_ATTRIBUTE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConfigurationSetInformation;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.EventDestination;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.EventType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.NumberCapability;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.RequestPhoneNumberResponse;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.RequestableNumberType;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.AlreadyExistsException;
import software.amazon.awssdk.services.ses.model.Template;
import software.amazon.awssdk.services.sns.SnsClient;
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
        if (spec.closedLoop() && clients.endpoints().front().isEmpty()) {
            // Checked first, so that nothing is half made: End User Messaging SMS (and the carrier behind it) is the
            // front's; on AWS a closed loop would lease a phone number.
            throw new IllegalStateException("a closed-loop stack needs the project's emulator front (End User"
                    + " Messaging SMS); these endpoints have none: LocalStack's community runtime lacks"
                    + " pinpoint-sms-voice-v2");
        }
        SqsClient sqs = clients.sqs();
        Queue main = queueWithDeadLetters(sqs, spec.queueName(), spec.deadLetterQueueName(), spec);
        createLedgerTable(clients.dynamoDb(), spec.ledgerTableName());
        prepareEmail(clients.ses(), spec);
        Optional<ProvisionedStack.ClosedLoop> loop = spec.closedLoop()
                ? Optional.of(provisionClosedLoop(spec)) : Optional.empty();
        return new ProvisionedStack(spec, main.url, main.arn, main.deadLetterUrl, main.deadLetterArn,
                spec.ledgerTableName(), loop);
    }

    private record Queue(String url, String arn, String deadLetterUrl, String deadLetterArn) {
    }

    /** A queue whose messages go to its own dead-letter queue after the spec's final receive. */
    private static Queue queueWithDeadLetters(SqsClient sqs, String name, String deadLetterName, StackSpec spec) {
        String dlqUrl = createQueue(sqs, deadLetterName,
                Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS));
        String dlqArn = queueArn(sqs, dlqUrl);
        String queueUrl = createQueue(sqs, name, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(spec.visibilityTimeout().toSeconds()),
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":" + spec.maxReceiveCount() + "}"));
        String queueArn = queueArn(sqs, queueUrl);
        allowRedriveFrom(sqs, dlqUrl, queueArn);
        return new Queue(queueUrl, queueArn, dlqUrl, dlqArn);
    }

    private ProvisionedStack.ClosedLoop provisionClosedLoop(StackSpec spec) {
        SqsClient sqs = clients.sqs();
        SnsClient sns = clients.sns();
        Queue receipts = queueWithDeadLetters(sqs, spec.receiptsQueueName(), spec.receiptsDeadLetterQueueName(), spec);
        String receiptsTopic = sns.createTopic(r -> r.name(spec.receiptsTopicName())).topicArn();
        subscribe(sns, sqs, receiptsTopic, receipts.url, receipts.arn, true);

        // Replies keep the SNS envelope: its Timestamp says when the reply arrived.
        Queue replies = queueWithDeadLetters(sqs, spec.repliesQueueName(), spec.repliesDeadLetterQueueName(), spec);
        String repliesTopic = sns.createTopic(r -> r.name(spec.repliesTopicName())).topicArn();
        subscribe(sns, sqs, repliesTopic, replies.url, replies.arn, false);

        String ehrTopic = sns.createTopic(r -> r.name(spec.ehrEventsTopicName())).topicArn();
        String ehrQueueUrl = createQueue(sqs, spec.ehrSubscriberQueueName(),
                Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS));
        subscribe(sns, sqs, ehrTopic, ehrQueueUrl, queueArn(sqs, ehrQueueUrl), true);

        PinpointSmsVoiceV2Client smsVoice = clients.smsVoice();
        String configurationSetArn = configurationSet(smsVoice, spec.configurationSetName(),
                spec.eventDestinationName(), receiptsTopic);
        // The stack's name as the client token: asking again gives the same number.
        RequestPhoneNumberResponse phone = smsVoice.requestPhoneNumber(r -> r.isoCountryCode("US")
                .messageType(MessageType.TRANSACTIONAL).numberCapabilities(NumberCapability.SMS)
                .numberType(RequestableNumberType.TOLL_FREE).clientToken(spec.name()));
        smsVoice.updatePhoneNumber(r -> r.phoneNumberId(phone.phoneNumberId()).twoWayEnabled(true)
                .twoWayChannelArn(repliesTopic));
        return new ProvisionedStack.ClosedLoop(spec.configurationSetName(), configurationSetArn,
                phone.phoneNumberId(), phone.phoneNumberArn(), phone.phoneNumber(), receiptsTopic, receipts.url,
                receipts.arn, receipts.deadLetterUrl, repliesTopic, replies.url, replies.arn, replies.deadLetterUrl,
                ehrTopic, ehrQueueUrl);
    }

    /** The configuration set with an event destination sending every SMS event to the topic; its ARN. */
    private static String configurationSet(PinpointSmsVoiceV2Client smsVoice, String name, String destinationName,
                                           String topicArn) {
        try {
            smsVoice.createConfigurationSet(r -> r.configurationSetName(name));
        } catch (ConflictException exists) {
            // provisioned before
        }
        ConfigurationSetInformation found = smsVoice.describeConfigurationSets(r -> r.configurationSetNames(name))
                .configurationSets().get(0);
        Optional<EventDestination> destination = found.eventDestinations().stream()
                .filter(d -> d.eventDestinationName().equals(destinationName)).findFirst();
        boolean same = destination.map(d -> d.snsDestination() != null
                && topicArn.equals(d.snsDestination().topicArn())
                && d.matchingEventTypes().equals(List.of(EventType.TEXT_ALL))).orElse(false);
        if (!same) {
            if (destination.isPresent()) {
                smsVoice.deleteEventDestination(r -> r.configurationSetName(name)
                        .eventDestinationName(destinationName));
            }
            smsVoice.createEventDestination(r -> r.configurationSetName(name).eventDestinationName(destinationName)
                    .matchingEventTypes(EventType.TEXT_ALL).snsDestination(d -> d.topicArn(topicArn)));
        }
        return found.configurationSetArn();
    }

    /**
     * Subscribes a queue to a topic, with the queue policy that lets the topic send to it (which real SQS requires),
     * raw (the bare message) or in the SNS notification envelope. Subscribing again changes nothing.
     */
    private static void subscribe(SnsClient sns, SqsClient sqs, String topicArn, String queueUrl, String queueArn,
                                  boolean raw) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\","
                + "\"Resource\":\"" + queueArn + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + topicArn
                + "\"}}}]}";
        try {
            sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        } catch (SqsException e) {
            // An SQS emulator that keeps no policies needs none.
            if (!"InvalidAttributeName".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", Boolean.toString(raw))));
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

    /**
     * The ledger table with every index the worker queries: by patient, by status, by the id of a text (for replies
     * that name the text they answer) and by phone, newest text last (for replies that do not). A table that is
     * already there is left as it is.
     */
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
                            attribute(SMS_MESSAGE_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(PHONE_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(PHONE_INDEX_SORT_KEY, ScalarAttributeType.N),
                            attribute(APPOINTMENT_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(REPORT_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(REPORT_INDEX_SORT_KEY, ScalarAttributeType.S))
                    .keySchema(key(PARTITION_KEY, KeyType.HASH))
                    .globalSecondaryIndexes(
                            index(PATIENT_INDEX, PATIENT_INDEX_PARTITION_KEY, PATIENT_INDEX_SORT_KEY,
                                    ProjectionType.ALL),
                            index(STATUS_INDEX, STATUS_INDEX_PARTITION_KEY, STATUS_INDEX_SORT_KEY,
                                    ProjectionType.KEYS_ONLY),
                            index(SMS_MESSAGE_INDEX, SMS_MESSAGE_INDEX_PARTITION_KEY, null, ProjectionType.KEYS_ONLY),
                            index(PHONE_INDEX, PHONE_INDEX_PARTITION_KEY, PHONE_INDEX_SORT_KEY,
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

    /** {@code sortKey} null: a partition key alone. */
    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey,
                                              Projection projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(sortKey == null ? List.of(key(partitionKey, KeyType.HASH))
                        : List.of(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE)))
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
