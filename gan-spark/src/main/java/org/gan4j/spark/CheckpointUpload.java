package org.gan4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.gan4j.GanResult;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.io.Checkpoints;

/**
 * Rank 0's copy of its checkpoints to a Hadoop directory: the trainer writes them into a local directory (in the
 * background), and before each new checkpoint and at the end of the run this listener copies out those that are
 * complete and not yet copied, each under a temporary name first and then renamed, and keeps the newest
 * {@code keepCheckpoints} of the run's configuration there, as the trainer does locally. A retried attempt resumes
 * from the newest copied one, at most two checkpoints behind the newest written.
 */
final class CheckpointUpload implements TrainingListener {

    private final Path local;
    private final String remote;
    private int keep = Integer.MAX_VALUE;
    private final Set<String> copied = new HashSet<>();

    /**
     * @param local  the trainer's checkpoint directory
     * @param remote the Hadoop directory (a URI)
     */
    CheckpointUpload(Path local, String remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        keep = plan.config().keepCheckpoints(); // as many as the trainer keeps locally
    }

    @Override
    public void beforeCheckpoint(long step) {
        copyOut();
    }

    @Override
    public void onEnd(GanResult result) {
        copyOut();
    }

    /** Copies the complete local checkpoints not yet copied, then prunes the remote directory. */
    void copyOut() {
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(URI.create(remote));
            FileSystem fs = dir.getFileSystem(HadoopPaths.configuration());
            fs.mkdirs(dir);
            for (Path file : Checkpoints.list(local)) { // complete files only: the writer renames them into place
                String name = file.getFileName().toString();
                if (copied.add(name)) {
                    org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(dir, "." + name + ".partial");
                    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(file.toUri()), partial);
                    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, name);
                    fs.delete(target, false);
                    if (!fs.rename(partial, target)) {
                        throw new IOException("cannot rename " + partial + " to " + target);
                    }
                }
            }
            List<String> there = HadoopPaths.checkpoints(remote);
            for (int i = 0; i < there.size() - keep; i++) {
                fs.delete(new org.apache.hadoop.fs.Path(URI.create(there.get(i))), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy rank 0's checkpoints to " + remote + ": " + e.getMessage(), e);
        }
    }
}
