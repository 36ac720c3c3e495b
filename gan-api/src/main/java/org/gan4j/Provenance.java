package org.gan4j;

import java.time.Duration;
import java.time.Instant;

/**
 * What produced a trained generator (Tribuo's provenance): enough to reproduce it or to explain a difference.
 *
 * @param config         the configuration trained with (its seed included)
 * @param datasetName    the dataset's description
 * @param datasetSize    number of training images
 * @param provider       name of the gan4j provider that trained it
 * @param backend        the ND4J backend and its numeric library, as the provider reports them
 * @param libraryVersion gan4j's version
 * @param steps          optimisation steps run
 * @param epochs         epochs started (the last may be partial)
 * @param startedAt      when training started
 * @param wallTime       how long it took
 */
public record Provenance(GanConfig config, String datasetName, int datasetSize, String provider, String backend,
                         String libraryVersion, long steps, int epochs, Instant startedAt, Duration wallTime) {

    /** {@return the seed of the run: {@code config().seed()}} */
    public long seed() {
        return config.seed();
    }
}
