package org.appointmentreminders.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example bodies under {@code contracts/examples}, shared by the tests. */
final class Examples {

    private Examples() {
    }

    static Path dir(String kind) {
        // Surefire sets basedir to the module directory (contracts/core), beside contracts/examples; an IDE usually runs with it as the working directory.
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir).resolveSibling("examples").resolve(kind);
    }

    static List<Path> files(String kind) {
        try (Stream<Path> files = Files.list(dir(kind))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code phone-not-e164--invalid_phone.json} expects {@code invalid_phone}. */
    static String expectedCode(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf("--") + 2, name.length() - ".json".length());
    }
}
