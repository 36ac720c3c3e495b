package org.gan4j.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gan4j.RunSpec;

/**
 * The run spec as a file: {@value #NAME} in every run directory of {@code gan4j train}, and what
 * {@code --config FILE} reads. Reading refuses, naming the file and the JSON path, before anything is written.
 */
final class ConfigFile {

    /** The spec's name in a run directory. */
    static final String NAME = "run.json";
    /** Larger files are refused unread: a spec takes a few kilobytes. */
    static final long MAX_BYTES = 1024 * 1024;

    private ConfigFile() {
    }

    /**
     * Reads a spec.
     *
     * @throws IOException if the file cannot be read, is too large or not UTF-8
     * @throws IllegalArgumentException naming the file and the JSON path, if it is not a valid spec
     */
    static RunSpec read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes; a run spec takes a few kilobytes (at most "
                    + MAX_BYTES + " read)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text; expected a run spec in JSON", e);
        }
        try {
            return RunSpec.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code spec} as {@value #NAME} in {@code dir}, atomically (a crash leaves the old file or none). */
    static void write(Path dir, RunSpec spec) throws IOException {
        byte[] json = spec.toJson().getBytes(StandardCharsets.UTF_8);
        org.gan4j.io.AtomicFiles.write(dir.resolve(NAME), o -> o.write(json));
    }
}
