package org.gan4j;

import org.gan4j.data.Dataset;

/**
 * Runs a training: builds (or takes) the networks the configuration names, trains them on the dataset and returns
 * the result. Obtain one with {@link Gan#trainer()}. A trainer keeps no state between runs.
 */
public interface Trainer {

    /**
     * Trains a GAN.
     *
     * @param config  what to train and how; immutable
     * @param dataset the real images
     * @return the trained generator and the provenance of the run
     * @throws IllegalArgumentException if the dataset does not fit the configuration (e.g. image sizes differ)
     */
    GanResult train(GanConfig config, Dataset dataset);

    /**
     * Continues a run from a checkpoint that {@link GanConfig#checkpointDir()} received: networks, optimizer state,
     * random streams, data order and counters are restored, and training goes on until {@code config}'s limit
     * ({@link GanConfig#maxSteps()} or {@link GanConfig#epochs()}, counted from the run's start). On the same
     * backend, kernels and thread settings, a resumed run ends bit-identical to one that never stopped.
     *
     * @param config     the run's configuration; its architecture, optimizer settings and seed must match the
     *                   checkpoint's, its limit, listeners and checkpoint settings may differ
     * @param dataset    the same dataset (checked by name and size)
     * @param checkpoint a checkpoint file
     * @return the trained generator and the provenance; its step and epoch counts include those before the checkpoint
     * @throws java.io.IOException if the checkpoint cannot be read
     * @throws org.gan4j.io.CheckpointException if the checkpoint is damaged, of another version, or does not match
     */
    GanResult resume(GanConfig config, Dataset dataset, java.nio.file.Path checkpoint) throws java.io.IOException;
}
