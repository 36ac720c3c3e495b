package org.gan4j.nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gan4j.io.Checkpoints;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/**
 * Writes a run's checkpoints into its directory on a thread of its own, so that hashing, zipping and syncing a
 * snapshot overlap training (a checkpoint per epoch otherwise costs ~9% of the throughput). At most one write is in
 * flight; its failure surfaces at the next {@link #awaitPending()}. After each write the directory is pruned to the
 * newest checkpoints, and the first write of a run resumed from an older checkpoint sets the abandoned timeline aside.
 */
final class CheckpointWriter implements AutoCloseable {

    private final Path dir;
    private final int keep;
    /** Created at the first write. */
    private ExecutorService thread;
    private Future<?> pending;

    /**
     * @param dir  the checkpoint directory
     * @param keep how many of the newest checkpoints to keep
     */
    CheckpointWriter(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /**
     * Starts writing a checkpoint; call {@link #awaitPending()} first (the snapshot may reuse the last one's arrays).
     *
     * @param step           the steps trained, which name the file
     * @param manifest       its counters and settings
     * @param entries        its arrays, not to be touched until the next {@link #awaitPending()}
     * @param abandonedAfter for the first checkpoint of a resumed run, the step it resumed from (the checkpoints
     *                       after it are set aside once this one is written); else -1
     */
    void submit(long step, Properties manifest, Map<String, byte[]> entries, long abandonedAfter) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gan4j-checkpoint-writer");
                t.setDaemon(true);
                return t;
            });
        }
        Path file = dir.resolve(CheckpointFile.fileName(step));
        pending = thread.submit(() -> {
            CheckpointFile.write(file, manifest, entries);
            if (abandonedAfter >= 0) {
                Checkpoints.setAsideNewerThan(dir, abandonedAfter, step);
            }
            CheckpointFile.prune(dir, keep);
            return null;
        });
    }

    /**
     * Waits for the write in flight, if there is one.
     *
     * @throws UncheckedIOException naming the directory, if that write failed
     */
    void awaitPending() {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a checkpoint", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new UncheckedIOException("cannot write a checkpoint into " + dir + ": " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause));
        } finally {
            pending = null;
        }
    }

    /** {@return the newest checkpoint in the directory, or null if there is none} */
    Path newest() {
        List<Path> all = CheckpointFile.list(dir);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /**
     * Lets a write in flight complete (a run that fails still leaves its last checkpoint whole) and stops the thread.
     * A failure of that write is not reported here: on the normal path {@link #awaitPending()} has reported it, and
     * otherwise another error is already on its way.
     */
    @Override
    public void close() {
        try {
            if (pending != null) {
                pending.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // see above
        } finally {
            if (thread != null) {
                thread.shutdown();
            }
        }
    }
}
