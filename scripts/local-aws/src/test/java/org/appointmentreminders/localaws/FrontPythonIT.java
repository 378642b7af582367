package org.appointmentreminders.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator front's own tests (src/test/python, unittest, each with a front of its own over real HTTP through
 * boto3), run by this module's build in the project's Python environment. Their output goes to the build's.
 */
class FrontPythonIT {
    private static final long LONGEST_MINUTES = 10;

    @Test
    void theFrontsPythonTestsPass() throws Exception {
        Path root = LocalAws.projectRoot();
        Path python = AwsFrontProcess.ensureVirtualEnvironment(root);
        Process tests = new ProcessBuilder(python.toString(), "-m", "unittest", "discover",
                "-s", root.resolve("scripts/local-aws/src/test/python").toString(), "-t",
                root.resolve("scripts/local-aws/src/test/python").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        tests.getOutputStream().close();
        boolean ended = tests.waitFor(LONGEST_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            tests.destroyForcibly();
        }

        assertThat(ended).as("the Python tests ended within %d minutes", LONGEST_MINUTES).isTrue();
        assertThat(tests.exitValue()).as("exit code of python -m unittest discover (its report is above)")
                .isZero();
    }
}
