package org.gan4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gan4j.RunSpec;

/**
 * The run spec as a file: {@value #NAME} in every run directory of {@code gan4j train}, and what
 * {@code --config FILE} reads. Reading refuses, naming the file and the JSON path, before anything is written.
 */
final class ConfigFile {

    /** The spec's name in a run directory. */
    static final String NAME = "run.json";

    private ConfigFile() {
    }

    /**
     * Reads a spec ({@link RunSpec#read}).
     *
     * @throws IOException if the file cannot be read, is too large or not UTF-8
     * @throws IllegalArgumentException naming the file and the JSON path, if it is not a valid spec
     */
    static RunSpec read(Path file) throws IOException {
        return RunSpec.read(file);
    }

    /** Writes {@code spec} as {@value #NAME} in {@code dir}, atomically (a crash leaves the old file or none). */
    static void write(Path dir, RunSpec spec) throws IOException {
        byte[] json = spec.toJson().getBytes(StandardCharsets.UTF_8);
        org.gan4j.io.AtomicFiles.write(dir.resolve(NAME), o -> o.write(json));
    }
}
