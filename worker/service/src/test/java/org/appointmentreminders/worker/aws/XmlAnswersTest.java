package org.appointmentreminders.worker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.query.unmarshall.XmlDomParser;
import software.amazon.awssdk.protocols.query.unmarshall.XmlElement;

/** SNS answers in XML; the SDK reads it with the StAX parser on the worker's class path, which is Woodstox. */
class XmlAnswersTest {

    @Test
    void theSdkFindsWoodstox() {
        assertThat(XMLInputFactory.newInstance().getClass().getName()).startsWith("com.ctc.wstx.");
    }

    @Test
    void aPublishAnswerIsRead() {
        XmlElement answer = parse("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<PublishResult><MessageId>5f1b2c3d-0000-4000-8000-000000000001</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>");

        assertThat(answer.getElementByName("PublishResult").getElementByName("MessageId").textContent())
                .isEqualTo("5f1b2c3d-0000-4000-8000-000000000001");
    }

    @Test
    void anAnswerThatNamesAnExternalEntityIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "not for the worker");
        String answer = "<!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><r>&x;</r>";

        assertThatThrownBy(() -> parse(answer))
                .isInstanceOf(SdkClientException.class)
                .hasMessageNotContaining("not for the worker");
    }

    private static XmlElement parse(String xml) {
        return XmlDomParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
