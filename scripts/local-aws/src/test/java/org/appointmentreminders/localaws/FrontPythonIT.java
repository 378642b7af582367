package org.appointmentreminders.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator front's own tests (src/test/python, unittest, each with a front of its own over real HTTP through
 * boto3), run by this module's build in the project's Python environment. Their report is printed with the test's
 * output, and its end is in the failure message.
 */
class FrontPythonIT {
    private static final long LONGEST_MINUTES = 10;

    @Test
    void theFrontsPythonTestsPass() throws Exception {
        Path root = LocalAws.projectRoot();
        Path python = AwsFrontProcess.ensureVirtualEnvironment(root);
        Path tests = root.resolve("scripts/local-aws/src/test/python");
        Path report = Files.createTempFile("front-python-tests", ".txt");
        try {
            Process run = new ProcessBuilder(python.toString(), "-m", "unittest", "discover", "-v",
                    "-s", tests.toString(), "-t", tests.toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(report.toFile())
                    .start();
            run.getOutputStream().close();
            boolean ended = run.waitFor(LONGEST_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                run.destroyForcibly().waitFor();
            }
            String output = Files.readString(report, StandardCharsets.UTF_8);
            System.out.println(output);

            assertThat(ended).as("the Python tests ended within %d minutes", LONGEST_MINUTES).isTrue();
            assertThat(run.exitValue()).as("exit code of python -m unittest discover; its report ends:%n%s",
                    output.substring(Math.max(0, output.length() - 6_000))).isZero();
            assertThat(output).as("unittest's summary").containsPattern("(?m)^Ran [1-9][0-9]* tests?");
        } finally {
            Files.deleteIfExists(report);
        }
    }
}
