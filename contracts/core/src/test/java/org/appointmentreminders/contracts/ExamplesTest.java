package org.appointmentreminders.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {

    private static final ReminderParser PARSER = new ReminderParser();

    static List<Path> validExamples() {
        return Examples.files("valid");
    }

    static List<Path> invalidExamples() {
        return Examples.files("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleParses(Path file) {
        ParseResult result = PARSER.parse(Examples.read(file));

        assertThat(result).as("%s", result).isInstanceOfAny(ParseResult.Valid.class, ParseResult.ValidChange.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleIsRefusedWithTheCodeInItsName(Path file) {
        ParseResult result = PARSER.parse(Examples.read(file));

        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        List<Violation> violations = ((ParseResult.Invalid) result).violations();
        // Each example isolates one flaw, so the expected code is the only one reported.
        assertThat(violations).extracting(Violation::code).containsOnly(Examples.expectedCode(file));
    }

    @Test
    void examplesCoverEveryViolationCodeTheContractCanProduce() {
        List<String> covered = invalidExamples().stream().map(Examples::expectedCode).distinct().toList();
        // invalid_format is the fallback for schema keywords without a specific code; no field needs it.
        List<String> producible = Arrays.stream(ViolationCode.values())
                .filter(code -> code != ViolationCode.INVALID_FORMAT)
                .map(ViolationCode::code)
                .toList();

        assertThat(covered).containsExactlyInAnyOrderElementsOf(producible);
    }

    @Test
    void thereAreEnoughExamples() {
        assertThat(validExamples()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(invalidExamples()).hasSizeGreaterThanOrEqualTo(30);
    }
}
