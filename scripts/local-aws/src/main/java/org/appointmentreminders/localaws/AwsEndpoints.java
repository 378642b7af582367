package org.appointmentreminders.localaws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Where each AWS service answers. Local emulators, LocalStack or a real sandbox account all look the same to a test
 * through this record; {@code front} is present only when the project's own emulator front is running, since fault
 * injection and opt-outs exist only there. {@code smsVoice} is End User Messaging SMS (pinpoint-sms-voice-v2): the
 * front serves it; LocalStack's community runtime has none, so it is empty there unless given. {@code local} means
 * the emulators' own credentials are the ones to use.
 */
public record AwsEndpoints(
        String region,
        URI sqs,
        URI sns,
        URI ses,
        URI dynamodb,
        URI cloudwatch,
        Optional<URI> smsVoice,
        Optional<URI> front,
        boolean local) {

    /** The standard AWS SDK variable names for per-service endpoints, so child processes need no custom settings. */
    public static final String SQS_VARIABLE = "AWS_ENDPOINT_URL_SQS";
    public static final String SNS_VARIABLE = "AWS_ENDPOINT_URL_SNS";
    public static final String SES_VARIABLE = "AWS_ENDPOINT_URL_SES";
    public static final String DYNAMODB_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String CLOUDWATCH_VARIABLE = "AWS_ENDPOINT_URL_CLOUDWATCH";
    public static final String SMS_VOICE_VARIABLE = "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2";
    public static final String FRONT_VARIABLE = "LOCALAWS_FRONT_URL";

    /** Credentials the emulators accept; never used against anything that is not local. */
    public static final String LOCAL_ACCESS_KEY = "localaws";
    public static final String LOCAL_SECRET_KEY = "localaws";

    public static AwsEndpoints local(String region, URI sqs, URI front) {
        return new AwsEndpoints(region, sqs, front, front, front, front, Optional.of(front), Optional.of(front), true);
    }

    /**
     * Endpoints handed in from outside, through the standard variables ({@code AWS_ENDPOINT_URL_SQS} and friends) or
     * the same names as system properties. Empty when no SQS endpoint is given: the caller then starts its own.
     */
    public static Optional<AwsEndpoints> fromSettings(Map<String, String> environment) {
        String sqs = setting(environment, SQS_VARIABLE);
        if (sqs == null) {
            return Optional.empty();
        }
        String region = Optional.ofNullable(setting(environment, "AWS_REGION")).orElse("us-east-1");
        String front = setting(environment, FRONT_VARIABLE);
        return Optional.of(new AwsEndpoints(
                region,
                URI.create(sqs),
                URI.create(required(environment, SNS_VARIABLE)),
                URI.create(required(environment, SES_VARIABLE)),
                URI.create(required(environment, DYNAMODB_VARIABLE)),
                URI.create(required(environment, CLOUDWATCH_VARIABLE)),
                Optional.ofNullable(setting(environment, SMS_VOICE_VARIABLE)).or(() -> Optional.ofNullable(front))
                        .map(URI::create),
                Optional.ofNullable(front).map(URI::create),
                front != null));
    }

    /**
     * The variables a child process (the worker, the CLI) needs to reach the same endpoints as this JVM, credentials
     * included: the emulators' own for local endpoints, otherwise those this JVM's default chain resolves (from the
     * environment, a profile, SSO...), so a child acts as the suite does.
     */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region);
        env.put(SQS_VARIABLE, sqs.toString());
        env.put(SNS_VARIABLE, sns.toString());
        env.put(SES_VARIABLE, ses.toString());
        env.put(DYNAMODB_VARIABLE, dynamodb.toString());
        env.put(CLOUDWATCH_VARIABLE, cloudwatch.toString());
        smsVoice.ifPresent(uri -> env.put(SMS_VOICE_VARIABLE, uri.toString()));
        front.ifPresent(uri -> env.put(FRONT_VARIABLE, uri.toString()));
        if (local) {
            env.put("AWS_ACCESS_KEY_ID", LOCAL_ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", LOCAL_SECRET_KEY);
        } else {
            resolvedCredentials().ifPresent(credentials -> {
                env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
                env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
                if (credentials instanceof AwsSessionCredentials session) {
                    env.put("AWS_SESSION_TOKEN", session.sessionToken());
                }
            });
        }
        return env;
    }

    /** Empty when the chain finds none: a child then fails with its own clear "no AWS credentials". */
    private static Optional<AwsCredentials> resolvedCredentials() {
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            return Optional.of(chain.resolveCredentials());
        } catch (SdkClientException none) {
            return Optional.empty();
        }
    }

    private static String setting(Map<String, String> environment, String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = environment.get(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String required(Map<String, String> environment, String name) {
        String value = setting(environment, name);
        if (value == null) {
            throw new IllegalStateException(SQS_VARIABLE + " is set, so " + name + " must be set too");
        }
        return value;
    }
}
