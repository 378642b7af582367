package org.appointmentreminders.localaws;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that pushes thousands of reminders through the emulators. It always runs on the project's emulators; on
 * other endpoints (LocalStack, AWS), where it takes minutes and may cost money, {@link LocalAwsExtension} skips it
 * with the reason unless the run asks for it with {@code -D}{@value #RUN_PROPERTY}{@code =true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ScaleScenario {
    String RUN_PROPERTY = "localaws.scaleScenarios";

    /** What the scenario does, for the skip reason, e.g. "2,000 reminders, the worker SIGKILLed 3 times". */
    String value();
}
