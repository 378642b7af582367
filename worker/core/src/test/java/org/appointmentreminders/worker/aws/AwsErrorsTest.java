package org.appointmentreminders.worker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

    @Test
    void aServiceErrorIsItsCodeOrItsHttpStatus() {
        AwsServiceException throttled = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).build();
        AwsServiceException bare = AwsServiceException.builder().statusCode(503).build();

        assertThat(AwsErrors.code(throttled)).isEqualTo("Throttling");
        assertThat(AwsErrors.code(bare)).isEqualTo("http_503");
        assertThat(AwsErrors.serviceCode(bare)).isNull();
    }

    @Test
    void aClientSideFailureIsNamedByKindNeverByItsMessage() {
        assertThat(AwsErrors.code(ApiCallTimeoutException.create(1000))).isEqualTo("timeout");
        assertThat(AwsErrors.code(SdkClientException.create("connect to +14155550123 refused")))
                .isEqualTo("client_error");
    }
}
