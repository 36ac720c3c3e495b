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
    /** Where {@link #setAsideNewerThan} moves the checkpoints of an abandoned timeline, inside the checkpoint directory. */
    public static final String ABANDONED_DIR = "abandoned";

    private static final System.Logger LOG = System.getLogger(Checkpoints.class.getName());

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
     * @return the step, or -1 if the name is not a checkpoint's ({@code checkpoint-<digits>.zip}, at most
     *     {@link Long#MAX_VALUE})
     */
    public static long step(Path file) {
        String n = file.getFileName().toString();
        if (!n.startsWith(PREFIX) || !n.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = n.substring(PREFIX.length(), n.length() - SUFFIX.length());
        // Digits only: parseLong also takes "+5" and "-1".
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1; // beyond a long
        }
    }

    /**
     * The checkpoints in a directory.
     *
     * @param dir a directory, or {@code null}
     * @return the checkpoint files (regular files only) as absolute paths, lowest step first; empty if there is none, no directory, or the
     *     directory cannot be listed
     */
    public static List<Path> list(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            // By step, not by name: a step beyond 10 digits has a longer name that sorts before shorter ones.
            return s.filter(p -> step(p) >= 0 && Files.isRegularFile(p)).map(Path::toAbsolutePath)
                    .sorted(java.util.Comparator.comparingLong(Checkpoints::step)).toList();
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

    /**
     * Moves the checkpoints of an abandoned timeline out of the way: after a run was resumed from step {@code step}
     * and wrote its first checkpoint, the checkpoints newer than {@code step} that it did not write come from the
     * run it went back on, and would otherwise stay "newest" (and outlive the resumed run's own under pruning).
     * They are moved, not deleted, into {@value #ABANDONED_DIR}{@code /<yyyyMMdd-HHmmss>/} inside {@code dir}, where
     * {@link #list} no longer sees them.
     *
     * @param dir     a run's checkpoint directory
     * @param step    the step the run was resumed from
     * @param written the step of the checkpoint the resumed run has just written; kept
     * @return where they went, or empty if there were none
     * @throws IOException if they cannot be moved
     */
    public static java.util.Optional<Path> setAsideNewerThan(Path dir, long step, long written) throws IOException {
        List<Path> abandoned = list(dir).stream().filter(p -> step(p) > step && step(p) != written).toList();
        if (abandoned.isEmpty()) {
            return java.util.Optional.empty();
        }
        Path aside = RunDirectories.createUnder(dir.resolve(ABANDONED_DIR));
        for (Path p : abandoned) {
            Files.move(p, aside.resolve(p.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.log(System.Logger.Level.INFO, "gan4j: moved " + abandoned.size() + " checkpoint(s) newer than step " + step
                + " (the timeline this run was resumed away from) to " + aside);
        return java.util.Optional.of(aside);
    }
}
