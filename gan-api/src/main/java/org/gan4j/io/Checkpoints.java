package org.gan4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where checkpoints are and what they are called: {@code checkpoint-<step, 10 digits>.zip}, so that names sort by
 * step. The format itself belongs to the provider that writes it; {@link GeneratorFile#load} reads the generator
 * out of any of them.
 */
public final class Checkpoints {

    static final String PREFIX = "checkpoint-";
    static final String SUFFIX = ".zip";

    private Checkpoints() {
    }

    /**
     * The file name of a checkpoint.
     *
     * @param step the steps trained when it was written, at most 10 digits
     * @return {@code checkpoint-<step, 10 digits>.zip}, e.g. {@code checkpoint-0000000313.zip}
     */
    public static String fileName(long step) {
        return String.format("%s%010d%s", PREFIX, step, SUFFIX);
    }

    /**
     * The step a checkpoint file name records.
     *
     * @param file a path; only its file name is looked at
     * @return the step, or -1 if the name is not a checkpoint's
     */
    public static long step(Path file) {
        String n = file.getFileName().toString();
        if (!n.startsWith(PREFIX) || !n.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The checkpoints in a directory.
     *
     * @param dir a directory, or {@code null}
     * @return the checkpoint files as absolute paths, oldest first; empty if there is none, no directory, or the
     *     directory cannot be listed
     */
    public static List<Path> list(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> step(p) >= 0).map(Path::toAbsolutePath).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The newest checkpoint in a directory.
     *
     * @param dir a run's checkpoint directory
     * @return the absolute path of the checkpoint with the highest step
     * @throws NoSuchFileException if {@code dir} holds no checkpoint (or does not exist)
     */
    public static Path newest(Path dir) throws NoSuchFileException {
        List<Path> all = list(dir);
        if (all.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, "no checkpoint (" + PREFIX + "*" + SUFFIX + ") here");
        }
        return all.get(all.size() - 1);
    }
}
