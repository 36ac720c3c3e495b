package org.gan4j;

import java.util.List;
import java.util.Objects;

/**
 * What a run's per-step scalars are called, which depends on its objective. The two means of the discriminator's
 * outputs: with a cross-entropy objective (or a custom {@link Loss}, which works on logits) they are probabilities,
 * {@code D(x)} and {@code D(G(z))}; with a critic's objective (least squares, Wasserstein, hinge) they are raw scores,
 * {@code C(x)} and {@code C(G(z))}, and nothing about them is a probability. Then the objective's own scalars, the
 * {@link #extras()}, fixed when training starts and reported by every step in this order
 * ({@link StepMetrics#extra(int)}): a Wasserstein critic reports its Wasserstein estimate, WGAN-GP its gradient
 * penalty, a run with R1 that penalty, an auxiliary classifier (ACGAN) its accuracies. Listeners label their
 * columns, tags and legends with these.
 *
 * @param real       the label of {@link StepMetrics#meanDReal()}, e.g. {@code D(x)}
 * @param fake       the label of {@link StepMetrics#meanDFake()}, e.g. {@code D(G(z))}
 * @param realColumn the CSV column name of {@code real}, e.g. {@code dReal}
 * @param fakeColumn the CSV column name of {@code fake}, e.g. {@code dFake}
 * @param extras     the objective's own scalars, in the order steps report them; empty for most objectives
 */
public record MetricNames(String real, String fake, String realColumn, String fakeColumn, List<Extra> extras) {

    /** The names for probabilities (the reference's), without extras. */
    public static final MetricNames PROBABILITIES = new MetricNames("D(x)", "D(G(z))", "dReal", "dFake");

    /** The names for critic scores, without extras. */
    public static final MetricNames SCORES = new MetricNames("C(x)", "C(G(z))", "scoreReal", "scoreFake");

    /**
     * The Wasserstein estimate of a Wasserstein critic, {@code mean C(x) - mean C(G(z))} over the step's batch,
     * before the critic's update (the negative of its loss without a penalty).
     */
    public static final Extra WASSERSTEIN = new Extra("W", "wasserstein");

    /** WGAN-GP's gradient penalty, {@code lambda} times the mean of {@code (||grad C(x^)|| - 1)^2}: part of lossD. */
    public static final Extra GRADIENT_PENALTY = new Extra("GP", "gradientPenalty");

    /** The R1 penalty, {@code gamma / 2} times the mean of {@code ||grad D(x)||^2} on real images: part of lossD. */
    public static final Extra R1_PENALTY = new Extra("R1", "r1Penalty");

    /**
     * The share of the step's real images whose label the auxiliary classifier's head ({@link
     * Objective.AuxiliaryClassifier}, ACGAN) gives the highest logit, before the discriminator's update.
     */
    public static final Extra AUX_ACCURACY_REAL = new Extra("accR", "auxAccuracyReal");

    /**
     * The share of the step's generated images that the auxiliary classifier assigns to the class G was asked for,
     * before the discriminator's update: a running measure of class fidelity, as D sees it.
     */
    public static final Extra AUX_ACCURACY_FAKE = new Extra("accF", "auxAccuracyFake");

    /**
     * One extra scalar's names.
     *
     * @param label  a short label for console lines and legends, e.g. {@code W}
     * @param column its CSV column name and TensorBoard tag, e.g. {@code wasserstein}: letters and digits only
     */
    public record Extra(String label, String column) {
        /**
         * Checks the names.
         *
         * @param label  not null, not empty
         * @param column letters and digits, starting with a letter
         * @throws IllegalArgumentException if {@code column} is not a plain identifier (it is a CSV column)
         * @throws NullPointerException     if one is null
         */
        public Extra {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(column, "column");
            if (label.isEmpty() || !column.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("an extra metric needs a label and a column name of letters and "
                        + "digits, got label \"" + label + "\" and column \"" + column + "\"");
            }
        }
    }

    /**
     * Checks the fields.
     *
     * @param real       the label of the mean output on real images
     * @param fake       the label of the mean output on generated images
     * @param realColumn its CSV column name
     * @param fakeColumn its CSV column name
     * @param extras     the objective's own scalars, copied
     * @throws NullPointerException if one is null
     */
    public MetricNames {
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(fake, "fake");
        Objects.requireNonNull(realColumn, "realColumn");
        Objects.requireNonNull(fakeColumn, "fakeColumn");
        extras = List.copyOf(extras);
    }

    /**
     * Names without extras.
     *
     * @param real       the label of the mean output on real images
     * @param fake       the label of the mean output on generated images
     * @param realColumn its CSV column name
     * @param fakeColumn its CSV column name
     */
    public MetricNames(String real, String fake, String realColumn, String fakeColumn) {
        this(real, fake, realColumn, fakeColumn, List.of());
    }

    /**
     * The names for a configuration's objective.
     *
     * @param config the run's configuration
     * @return {@link #PROBABILITIES} for cross-entropies and custom losses, {@link #SCORES} for critics; with
     *         {@link #WASSERSTEIN} for the Wasserstein objectives, {@link #GRADIENT_PENALTY} for WGAN-GP,
     *         {@link #R1_PENALTY} when R1 is on and {@link #AUX_ACCURACY_REAL}, {@link #AUX_ACCURACY_FAKE} with an
     *         auxiliary classifier, in that order
     */
    public static MetricNames of(GanConfig config) {
        MetricNames base = config.loss().isPresent() || config.objective().outputsLogits() ? PROBABILITIES : SCORES;
        List<Extra> extras = new java.util.ArrayList<>();
        Objective given = config.loss().isPresent() ? null : config.objective();
        Objective o = given instanceof Objective.AuxiliaryClassifier a ? a.adversarial() : given;
        if (o instanceof Objective.Wasserstein || o instanceof Objective.WassersteinGp) {
            extras.add(WASSERSTEIN);
        }
        if (o instanceof Objective.WassersteinGp) {
            extras.add(GRADIENT_PENALTY);
        }
        if (config.r1Penalty().isPresent()) {
            extras.add(R1_PENALTY);
        }
        if (given instanceof Objective.AuxiliaryClassifier) {
            extras.add(AUX_ACCURACY_REAL);
            extras.add(AUX_ACCURACY_FAKE);
        }
        return base.withExtras(extras);
    }

    /**
     * The same names of the means with other extras.
     *
     * @param newExtras the extra scalars, in order
     * @return new names
     */
    public MetricNames withExtras(List<Extra> newExtras) {
        return new MetricNames(real, fake, realColumn, fakeColumn, newExtras);
    }

    /** {@return whether the means are probabilities in [0, 1]} */
    public boolean probabilities() {
        return real.equals(PROBABILITIES.real) && fake.equals(PROBABILITIES.fake);
    }
}
