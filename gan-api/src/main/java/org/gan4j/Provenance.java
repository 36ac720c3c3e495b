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

    /**
     * {@return what defined the run as a value, if it has one}: empty for a configuration with a custom network or
     * loss ({@link GanConfig#hasSpec()})
     */
    public java.util.Optional<RunSpec> spec() {
        return config.hasSpec() ? java.util.Optional.of(config.spec()) : java.util.Optional.empty();
    }

    /**
     * This provenance as one JSON object: {@code spec} (the {@link RunSpec#toJson()} object, or null for a run with
     * custom instances, which {@code config} then describes in text), {@code dataset} ({@code name}, {@code size}),
     * {@code provider}, {@code backend}, {@code gan4jVersion}, {@code steps}, {@code epochs}, {@code startedAt}
     * (ISO-8601) and {@code wallTimeSeconds}.
     *
     * @return the JSON, indented, ending with a newline
     */
    public String toJson() {
        return RunSpecJson.provenance(this);
    }
}
