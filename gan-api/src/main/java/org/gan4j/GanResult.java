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

    /**
     * Assembles a result; called by trainers.
     *
     * @param generator     the trained generator, wrapped for sampling
     * @param discriminator the trained discriminator
     * @param history       one summary per epoch, in order; copied, so later changes to the list are not seen
     * @param provenance    what produced the result
     * @throws NullPointerException if an argument, or an element of {@code history}, is null
     */
    public GanResult(TrainedGenerator generator, Discriminator discriminator, List<EpochSummary> history,
                     Provenance provenance) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
        this.history = ImmutableList.copyOf(history);
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** {@return the trained generator, ready for sampling (its noise is seeded from the run's seed)} */
    public TrainedGenerator generator() {
        return generator;
    }

    /** {@return the trained discriminator: the trained network itself, not a copy} */
    public Discriminator discriminator() {
        return discriminator;
    }

    /**
     * {@return one summary per epoch ended by this run, in order, as an immutable list (a resumed run's starts where
     * it resumed; the last covers a partial epoch when a step limit ended the run)}
     */
    public List<EpochSummary> history() {
        return history;
    }

    /** {@return what produced this result: configuration, seed, dataset, backend, version, steps and wall time} */
    public Provenance provenance() {
        return provenance;
    }
}
