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
}
