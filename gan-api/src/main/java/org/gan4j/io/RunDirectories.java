package org.gan4j.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * New, empty run directories named after the time they are made ({@code 20261127-143512}), so that running the same
 * program twice never meets the first run's files. Two made in the same second get {@code -2}, {@code -3}, ...: the
 * name is claimed by creating the directory, which the file system does atomically, so two processes never get the
 * same one.
 */
public final class RunDirectories {

    /** The name's timestamp pattern. */
    public static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Suffixes tried within one second before giving up. */
    static final int MAX_SUFFIX = 1000;

    private RunDirectories() {
    }

    /**
     * Creates a new directory under {@code parent} (created too if missing), named after the current local time.
     *
     * @param parent where run directories go, e.g. {@code runs}
     * @return the new, empty directory
     * @throws IOException if {@code parent} cannot be created or is not a directory, or no name is free
     */
    public static Path createUnder(Path parent) throws IOException {
        return createUnder(parent, Clock.systemDefaultZone());
    }

    static Path createUnder(Path parent, Clock clock) throws IOException {
        if (parent.toString().isEmpty()) {
            throw new IllegalArgumentException("the parent of run directories must not be an empty path");
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new IOException((e.getFile() != null ? e.getFile() : parent.toString())
                    + ": not a directory (the parent of new run directories)", e);
        }
        String stamp = LocalDateTime.now(clock).format(NAME);
        for (int i = 1; i <= MAX_SUFFIX; i++) {
            Path dir = parent.resolve(i == 1 ? stamp : stamp + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier run of this second: try the next suffix
            }
        }
        throw new IOException(parent + ": " + MAX_SUFFIX + " run directories named " + stamp + "* exist already");
    }
}
