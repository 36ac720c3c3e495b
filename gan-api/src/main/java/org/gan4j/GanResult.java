package org.gan4j;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Trainer#train}: the trained networks, the per-epoch history and the provenance.
 */
public final class GanResult {

    private final TrainedGenerator generator;
    private final Discriminator discriminator;
    private final ImmutableList<EpochSummary> history;
    private final Provenance provenance;

    /** Assembles a result; called by trainers. */
    public GanResult(TrainedGenerator generator, Discriminator discriminator, List<EpochSummary> history,
                     Provenance provenance) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
        this.history = ImmutableList.copyOf(history);
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** The trained generator, ready for sampling (its noise is seeded from the run's seed). */
    public TrainedGenerator generator() {
        return generator;
    }

    /** The trained discriminator. */
    public Discriminator discriminator() {
        return discriminator;
    }

    /** One summary per epoch, in order. */
    public List<EpochSummary> history() {
        return history;
    }

    /** What produced this result. */
    public Provenance provenance() {
        return provenance;
    }
}
