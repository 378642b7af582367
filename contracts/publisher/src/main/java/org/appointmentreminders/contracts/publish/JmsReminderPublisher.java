package org.appointmentreminders.contracts.publish;

import com.amazon.sqs.javamessaging.ProviderConfiguration;
import com.amazon.sqs.javamessaging.SQSConnection;
import com.amazon.sqs.javamessaging.SQSConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import org.appointmentreminders.contracts.ParseResult;
import org.appointmentreminders.contracts.ReminderParser;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The same contract for integration engines that speak JMS (Mirth-style channels): each reminder becomes a JMS
 * {@link TextMessage} on the queue through amazon-sqs-java-messaging-lib, with an int property {@code schemaVersion}.
 * Invalid messages are refused with their violations and never sent. Not thread-safe: one per sending thread, as
 * JMS sessions are.
 */
public final class JmsReminderPublisher implements AutoCloseable {
    private final ReminderParser parser;
    private final SQSConnection connection;
    private final Session session;
    private final MessageProducer producer;

    public JmsReminderPublisher(SqsClient sqs, String queueName) throws JMSException {
        this(sqs, queueName, new ReminderParser());
    }

    public JmsReminderPublisher(SqsClient sqs, String queueName, ReminderParser parser) throws JMSException {
        this.parser = parser;
        this.connection = new SQSConnectionFactory(new ProviderConfiguration(), sqs).createConnection();
        try {
            this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            this.producer = session.createProducer(session.createQueue(queueName));
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public List<PublishResult> publish(List<String> bodies) {
        List<PublishResult> results = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            ParseResult parsed = parser.parse(bodies.get(i));
            if (parsed instanceof ParseResult.Invalid invalid) {
                results.add(PublishResult.invalid(i, invalid.reminderId(), invalid.violations()));
                continue;
            }
            String reminderId = parsed.id();
            try {
                TextMessage message = session.createTextMessage(bodies.get(i));
                message.setIntProperty(ReminderPublisher.SCHEMA_VERSION_ATTRIBUTE, parsed.schemaVersion());
                producer.send(message);
                results.add(PublishResult.sent(i, reminderId, message.getJMSMessageID()));
            } catch (JMSException | RuntimeException e) {
                results.add(PublishResult.failed(i, reminderId, e.getClass().getSimpleName()));
            }
        }
        return results;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
