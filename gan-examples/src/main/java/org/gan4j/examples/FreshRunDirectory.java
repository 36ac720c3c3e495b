package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gan4j.io.Checkpoints;
import org.gan4j.io.RunDirectoryLock;
import org.gan4j.listeners.RunLog;
import org.gan4j.listeners.SampleGridListener;

/**
 * The directory a fresh {@code train --run-dir DIR} writes into: it may be new, empty, or the leftover of an abandoned
 * start; anything else is refused, so that nothing of the user's and no other run is overwritten.
 *
 * <ul>
 *   <li>empty (or holding only the lock file {@value RunDirectoryLock#FILE}): used;</li>
 *   <li>a run of {@code gan4j train} ({@link RunOptions#marksRun}) with a checkpoint, a generator or a provenance
 *   file: refused, it can be resumed;</li>
 *   <li>a run of {@code gan4j train} with none of those: an <em>abandoned start</em>, a run that failed or was killed
 *   before its first checkpoint, so there is nothing to resume. Its outputs (only the files {@code train} writes,
 *   by name) are deleted and the directory reused;</li>
 *   <li>anything else: refused, naming a file found in it.</li>
 * </ul>
 */
final class FreshRunDirectory {

    /** What a fresh run finds in its directory. */
    enum State {
        /** Missing, empty, or holding only the lock file. */
        EMPTY,
        /** The leftovers of a start that never wrote a checkpoint. */
        ABANDONED_START
    }

    private static final Pattern EPOCH_GRID = Pattern.compile("epoch-\\d{1,18}\\.png");
    private static final String[] TENSORBOARD_DIRS = {"train", "fake", "real"};

    private FreshRunDirectory() {
    }

    /**
     * What a fresh run would find in {@code dir}; call it again under the directory's lock before writing.
     *
     * @param dir the --run-dir
     * @return its state
     * @throws IllegalArgumentException if it is not a directory, holds a run that can be resumed or holds files that
     *     are not a gan4j run's (the message names one)
     * @throws IOException if it cannot be listed
     */
    static State check(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return State.EMPTY;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a directory (--run-dir)");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(RunDirectoryLock.FILE)).sorted()
                    .forEach(names::add);
        }
        if (names.isEmpty()) {
            return State.EMPTY;
        }
        if (!RunOptions.marksRun(dir)) {
            throw new IllegalArgumentException(dir + ": not empty (holds " + names.get(0) + ") and not a run of "
                    + "'gan4j train'; give an empty or new directory (--run-dir)");
        }
        String resumable = !Checkpoints.list(dir.resolve(TrainCommand.CHECKPOINTS_DIR)).isEmpty()
                ? TrainCommand.CHECKPOINTS_DIR : Files.exists(dir.resolve(TrainCommand.GENERATOR_FILE))
                ? TrainCommand.GENERATOR_FILE : Files.exists(dir.resolve(TrainCommand.RUN_FILE)) ? TrainCommand.RUN_FILE
                : null;
        if (resumable != null) {
            throw new IllegalArgumentException("--run-dir " + dir + " already holds a run (" + resumable
                    + "); choose another directory, remove it, or continue it with --resume " + dir);
        }
        return State.ABANDONED_START;
    }

    /**
     * Makes {@code dir} (and its parents) if missing.
     *
     * @param dir the --run-dir
     * @return {@code dir}
     * @throws IOException naming {@code dir} and the option if it cannot be made
     */
    static Path create(Path dir) throws IOException {
        try {
            return Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException((e.getFile() != null ? e.getFile() : dir.toString()) + ": not a directory (--run-dir "
                    + dir + ")", e);
        } catch (FileSystemException e) {
            throw new IOException(dir + ": cannot create the run directory (--run-dir): " + e.getMessage(), e);
        }
    }

    /**
     * Prepares {@code dir} for a fresh run; the caller holds its lock.
     *
     * @param dir an existing directory
     * @param out where the one line about an abandoned start goes
     * @throws IllegalArgumentException as {@link #check}
     * @throws IOException if an abandoned start's files cannot be deleted
     */
    static void prepare(Path dir, PrintWriter out) throws IOException {
        if (check(dir) == State.ABANDONED_START) {
            out.printf("%s: an abandoned start (%s but no checkpoint): deleting its outputs and starting afresh%n", dir,
                    RunOptions.FILE);
            clearAbandonedStart(dir);
        }
    }

    /** Deletes what {@code train} writes, by name; a file of the user's (any other name) stays. */
    private static void clearAbandonedStart(Path dir) throws IOException {
        for (String name : new String[] {RunLog.METRICS_FILE, RunLog.LOSS_PLOT_FILE, RunLog.REPORT_FILE,
            RunOptions.FILE, ConfigFile.NAME}) {
            Files.deleteIfExists(dir.resolve(name));
        }
        Path samples = dir.resolve(RunLog.SAMPLES_DIR);
        deleteMatching(samples, n -> n.equals(SampleGridListener.REAL_FILE) || n.equals(SampleGridListener.ANIMATION_FILE)
                || EPOCH_GRID.matcher(n).matches());
        Path logs = dir.resolve(RunLog.LOGS_DIR);
        for (String sub : TENSORBOARD_DIRS) {
            deleteMatching(logs.resolve(sub), n -> n.startsWith("events.out.tfevents."));
        }
        deleteMatching(logs, n -> false);
        deleteMatching(dir.resolve(TrainCommand.CHECKPOINTS_DIR), n -> n.startsWith(".checkpoint-")
                && n.endsWith(".tmp"));
    }

    /** Deletes the regular files of {@code dir} whose names match, and the directory itself if that empties it. */
    private static void deleteMatching(Path dir, java.util.function.Predicate<String> match) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (match.test(p.getFileName().toString())
                        && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }
}
