package org.gan4j;

import java.util.Objects;

/**
 * What the two per-step means of the discriminator's outputs are called, which depends on what the outputs are:
 * with a cross-entropy objective (or a custom {@link Loss}, which works on logits) they are probabilities,
 * {@code D(x)} and {@code D(G(z))}; with a critic's objective (least squares, Wasserstein, hinge) they are raw scores,
 * {@code C(x)} and {@code C(G(z))}, and nothing about them is a probability. Listeners label their columns, tags
 * and legends with these.
 *
 * @param real       the label of {@link StepMetrics#meanDReal()}, e.g. {@code D(x)}
 * @param fake       the label of {@link StepMetrics#meanDFake()}, e.g. {@code D(G(z))}
 * @param realColumn the CSV column name of {@code real}, e.g. {@code dReal}
 * @param fakeColumn the CSV column name of {@code fake}, e.g. {@code dFake}
 */
public record MetricNames(String real, String fake, String realColumn, String fakeColumn) {

    /** The names for probabilities (the reference's). */
    public static final MetricNames PROBABILITIES = new MetricNames("D(x)", "D(G(z))", "dReal", "dFake");

    /** The names for critic scores. */
    public static final MetricNames SCORES = new MetricNames("C(x)", "C(G(z))", "scoreReal", "scoreFake");

    /**
     * Checks the fields.
     *
     * @param real       the label of the mean output on real images
     * @param fake       the label of the mean output on generated images
     * @param realColumn its CSV column name
     * @param fakeColumn its CSV column name
     * @throws NullPointerException if one is null
     */
    public MetricNames {
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(fake, "fake");
        Objects.requireNonNull(realColumn, "realColumn");
        Objects.requireNonNull(fakeColumn, "fakeColumn");
    }

    /**
     * The names for a configuration's objective.
     *
     * @param config the run's configuration
     * @return {@link #PROBABILITIES} for cross-entropies and custom losses, {@link #SCORES} for critics
     */
    public static MetricNames of(GanConfig config) {
        return config.loss().isPresent() || config.objective().outputsLogits() ? PROBABILITIES : SCORES;
    }

    /** {@return whether the means are probabilities in [0, 1]} */
    public boolean probabilities() {
        return this.equals(PROBABILITIES);
    }
}
