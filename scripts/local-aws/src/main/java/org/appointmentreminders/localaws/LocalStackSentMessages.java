package org.appointmentreminders.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read-back through LocalStack's own API: {@code GET /_aws/sns/sms-messages} for SMS published to phone numbers and
 * {@code GET /_aws/ses} for emails. LocalStack keeps a templated email's template name and data, not a rendering, so
 * those come with a null subject, text and HTML.
 *
 * <p>One LocalStack serves a whole build, one test JVM after another, and keeps everything sent. Like a fresh emulator
 * front, this reads back only what was sent after it was made: what was there before is left out, by message id, so a
 * number one module texted cannot count as a second text to the same number in the next.
 */
public final class LocalStackSentMessages implements SentMessages {
    private final JsonHttp sns;
    private final JsonHttp ses;
    private final String region;
    private final Set<String> sentBefore = new HashSet<>();

    private LocalStackSentMessages(URI sns, URI ses, String region) {
        this.sns = new JsonHttp(sns, "LocalStack");
        this.ses = new JsonHttp(ses, "LocalStack");
        this.region = region;
        allSms().forEach(sms -> sentBefore.add(sms.messageId()));
        allEmails().forEach(email -> sentBefore.add(email.messageId()));
    }

    /** Present when the SNS and SES endpoints both answer as LocalStack does, on {@code /_localstack/health}. */
    public static Optional<LocalStackSentMessages> probe(AwsEndpoints endpoints) {
        if (!isLocalStack(endpoints.sns(), "sns") || !isLocalStack(endpoints.ses(), "ses")) {
            return Optional.empty();
        }
        return Optional.of(new LocalStackSentMessages(endpoints.sns(), endpoints.ses(), endpoints.region()));
    }

    private static boolean isLocalStack(URI endpoint, String service) {
        try {
            JsonNode health = new JsonHttp(endpoint, "LocalStack").get("/_localstack/health");
            return health.path("services").has(service);
        } catch (RuntimeException notLocalStack) {
            return false;
        }
    }

    /** The SMS of this region in LocalStack's default account, which is where test credentials put them. */
    @Override
    public List<SentSms> sentSms() {
        return allSms().stream().filter(sms -> !sentBefore.contains(sms.messageId())).toList();
    }

    @Override
    public List<SentEmail> sentEmails() {
        return allEmails().stream().filter(email -> !sentBefore.contains(email.messageId())).toList();
    }

    private List<SentSms> allSms() {
        JsonNode byPhone = sns.get("/_aws/sns/sms-messages?region=" + URLEncoder.encode(region, StandardCharsets.UTF_8))
                .path("sms_messages");
        List<SentSms> sent = new ArrayList<>();
        byPhone.forEach(messages -> messages.forEach(sms -> sent.add(SentSms.sns(
                sms.path("MessageId").asText(), sms.path("PhoneNumber").asText(), sms.path("Message").asText()))));
        return sent;
    }

    private List<SentEmail> allEmails() {
        List<SentEmail> sent = new ArrayList<>();
        for (JsonNode email : ses.get("/_aws/ses").path("messages")) {
            List<String> destinations = new ArrayList<>();
            for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                email.path("Destination").path(field).forEach(address -> destinations.add(address.asText()));
            }
            sent.add(new SentEmail(email.path("Id").asText(), email.path("Source").asText(), destinations,
                    text(email.path("Subject")), text(email.path("Body").path("text_part")),
                    text(email.path("Body").path("html_part")), text(email.path("Template")),
                    text(email.path("TemplateData"))));
        }
        return sent;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
