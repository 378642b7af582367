package org.appointmentreminders.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.appointmentreminders.contracts.Appointment;
import org.appointmentreminders.contracts.Language;
import org.appointmentreminders.contracts.Patient;
import org.appointmentreminders.contracts.ReminderJson;
import org.appointmentreminders.contracts.ReminderMessage;

/**
 * Valid reminders for tests, each with its own phone number so the SMS emulator's records can be matched to it.
 * Every phone number, email address and name handed out is written to {@code target/it-logs/phi-values.txt}, and
 * every reminderId to {@code reminder-ids.txt} beside it: the log scan proves none of the values reached a log line,
 * in logs that hold the outcomes of those reminders.
 */
public final class TestReminders {
    public static final Path PHI_VALUES = Path.of("target/it-logs/phi-values.txt");
    public static final Path REMINDER_IDS = PHI_VALUES.resolveSibling("reminder-ids.txt");
    /** Numbers in the 555 exchange of ten area codes: 100,000 of them, {@link #FORK_NUMBERS} to each test JVM. */
    private static final String[] AREA_CODES = {"415", "212", "617", "312", "305", "206", "512", "702", "303", "404"};
    private static final int FORK_NUMBERS = 25_000;
    /**
     * Test JVMs run side by side (Failsafe's forks, numbered in {@code it.fork}). Against a LocalStack they share,
     * one fork's texts are in the other's list of sent messages, so each draws its numbers from its own quarter of
     * the range: with overlapping ranges, a text of one fork's reminder counted as a second text of the other's.
     */
    private static final AtomicInteger NEXT_PHONE = new AtomicInteger(
            (Integer.getInteger("it.fork", 1) - 1) % 4 * FORK_NUMBERS
                    + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 5000));
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private String reminderId = "r-" + UUID.randomUUID();
    /** Distinctive, so that finding it in a log line cannot be a coincidence. */
    private String givenName = "Ana" + randomLetters(5);
    private String phone = uniquePhone();
    private String email = null;
    private Language language = Language.EN;
    private String location = "Riverside Clinic, 2nd floor";
    private String clinicName = "Riverside Clinic";
    private String clinicPhone = "+12025550123";
    private OffsetDateTime start = ZonedDateTime.now(NEW_YORK).plusDays(2).truncatedTo(ChronoUnit.HOURS)
            .toOffsetDateTime();
    private OffsetDateTime sendBefore = null;
    private String appointmentId = null;
    private String clinicId = null;
    private String patientId = null;
    /** Set for a contract v2 reminder: the appointment's version. */
    private OffsetDateTime updatedAt = null;

    private TestReminders() {
    }

    private static String randomLetters(int count) {
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    public static TestReminders reminder() {
        return new TestReminders();
    }

    /** A distinct, valid US number (the 555 exchange of area codes libphonenumber accepts). */
    public static String uniquePhone() {
        int n = NEXT_PHONE.incrementAndGet();
        return "+1" + AREA_CODES[(n / 10_000) % AREA_CODES.length] + "555" + String.format("%04d", n % 10_000);
    }

    public TestReminders reminderId(String value) {
        reminderId = value;
        return this;
    }

    public TestReminders givenName(String value) {
        givenName = value;
        return this;
    }

    public TestReminders phone(String value) {
        phone = value;
        return this;
    }

    public TestReminders email(String value) {
        email = value;
        return this;
    }

    public TestReminders withEmail() {
        return email("patient-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
    }

    public TestReminders language(Language value) {
        language = value;
        return this;
    }

    public TestReminders location(String value) {
        location = value;
        return this;
    }

    public TestReminders clinicName(String value) {
        clinicName = value;
        return this;
    }

    /** A contract v2 reminder of the appointment as the EHR had it at {@code version}. */
    public TestReminders v2(OffsetDateTime version) {
        updatedAt = version;
        return this;
    }

    public TestReminders appointmentId(String value) {
        appointmentId = value;
        return this;
    }

    /** The patient's id (default: one derived from the reminderId). */
    public TestReminders patientId(String value) {
        patientId = value;
        return this;
    }

    public TestReminders clinicId(String value) {
        clinicId = value;
        return this;
    }

    public TestReminders start(OffsetDateTime value) {
        start = value;
        return this;
    }

    public String appointmentId() {
        return message().appointment().id();
    }

    /** An appointment already over: the reminder has expired. */
    public TestReminders inThePast() {
        start = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3).truncatedTo(ChronoUnit.SECONDS);
        sendBefore = null;
        return this;
    }

    public String reminderId() {
        return reminderId;
    }

    public String phone() {
        return phone;
    }

    public String email() {
        return email;
    }

    public ReminderMessage message() {
        ZoneId zone = start.getOffset().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : NEW_YORK;
        return new ReminderMessage(updatedAt == null ? 1 : 2, reminderId,
                new Appointment(appointmentId != null ? appointmentId : "appt-" + reminderId.hashCode(), start, zone,
                        location, clinicName, clinicPhone, clinicId, updatedAt),
                new Patient(patientId != null ? patientId : "P-" + Math.abs(reminderId.hashCode() % 100000), givenName,
                        phone, email, language),
                sendBefore);
    }

    public String json() {
        remember(phone);
        remember(email);
        remember(givenName);
        append(REMINDER_IDS, reminderId);
        return ReminderJson.toJson(message());
    }

    /** Registers a patient value that a test sends by other means, for the log scan. */
    public static void rememberPatientValue(String value) {
        remember(value);
    }

    private static void remember(String value) {
        if (value != null && value.length() >= 3) {
            append(PHI_VALUES, value);
        }
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
