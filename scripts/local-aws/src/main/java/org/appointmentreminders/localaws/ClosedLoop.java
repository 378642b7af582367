package org.appointmentreminders.localaws;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the closed loop with the patient: texts through End User Messaging SMS, delivery receipts, replies, EHR
 * events. On a class, the {@link ProvisionedStack} that {@link LocalAwsExtension} gives its tests is a closed-loop one
 * ({@link StackSpec#withClosedLoop}). On a class or a method, the test is skipped, with the reason, where the endpoints
 * have no emulator front: LocalStack's community runtime has no End User Messaging SMS, and on AWS a closed loop would
 * lease a phone number and have no carrier to steer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ClosedLoop {
}
