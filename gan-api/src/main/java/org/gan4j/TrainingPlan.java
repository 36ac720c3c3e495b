package org.gan4j;

import java.util.Objects;
import org.gan4j.data.Dataset;

/**
 * What a run is about to do, given to {@link TrainingListener#onStart}: enough for a progress bar to know its end and
 * for a log to know whether it continues an earlier run.
 *
 * @param config        the configuration being trained
 * @param backend       the backend that runs it, as the engine names it
 * @param dataset       the training data (read it, e.g. for a grid of real images; do not change it)
 * @param firstStep     the step training starts after: 0 for a fresh run, the checkpoint's step for a resumed one
 * @param lastStep      the step training will end at unless stopped early
 * @param stepsPerEpoch steps in a full epoch (the last batch of an epoch may be short)
 */
public record TrainingPlan(GanConfig config, String backend, Dataset dataset, long firstStep, long lastStep,
                           int stepsPerEpoch) {

    /**
     * Checks the fields.
     *
     * @param config        the configuration being trained
     * @param backend       the backend that runs it, as the engine names it
     * @param dataset       the training data
     * @param firstStep     the step training starts after, at least 0
     * @param lastStep      the step training will end at, at least {@code firstStep}
     * @param stepsPerEpoch steps in a full epoch, positive
     * @throws NullPointerException     if {@code config}, {@code backend} or {@code dataset} is null
     * @throws IllegalArgumentException if the steps are negative or out of order, or {@code stepsPerEpoch} is not
     *                                  positive
     */
    public TrainingPlan {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dataset, "dataset");
        if (firstStep < 0 || lastStep < firstStep) {
            throw new IllegalArgumentException("steps must satisfy 0 <= firstStep <= lastStep, got " + firstStep
                    + " and " + lastStep);
        }
        if (stepsPerEpoch <= 0) {
            throw new IllegalArgumentException("stepsPerEpoch must be positive, got " + stepsPerEpoch);
        }
    }

    /** {@return what the discriminator's mean outputs are called in this run ({@link MetricNames#of(GanConfig)})} */
    public MetricNames metricNames() {
        return MetricNames.of(config);
    }

    /** {@return whether this run continues from a checkpoint ({@code firstStep > 0})} */
    public boolean resumed() {
        return firstStep > 0;
    }
}
