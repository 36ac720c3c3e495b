package org.gan4j;

import java.time.Duration;
import java.util.Arrays;

/**
 * Means over one epoch's steps.
 *
 * @param epoch     epoch number, from 1
 * @param lastStep  global number of the epoch's last step, from 1
 * @param steps     steps in this epoch, positive (fewer than a full epoch when a step limit ends the run)
 * @param lossD     mean over the epoch's steps of the discriminator's loss ({@link StepMetrics#lossD()})
 * @param lossG     mean over the epoch's steps of the generator's loss ({@link StepMetrics#lossG()})
 * @param meanDReal mean D(x) over the epoch's steps: the probability, in [0, 1], that real images are real (a
 *                  critic's mean score for a critic's objective, {@link MetricNames})
 * @param meanDFake mean D(G(z)) over the epoch's steps: the probability, in [0, 1], that generated images are real
 *                  (or the critic's mean score)
 * @param elapsed   wall time of the epoch, listeners' time included
 * @param extras    the means over the epoch's steps of the objective's own scalars, in the order of
 *                  {@link MetricNames#extras()} (empty for most objectives); copied, and {@link #extras()} returns a
 *                  copy
 */
public record EpochSummary(int epoch, long lastStep, int steps, double lossD, double lossG, double meanDReal,
                           double meanDFake, Duration elapsed, double[] extras) {

    private static final double[] NONE = new double[0];

    /**
     * Checks and copies the extras.
     *
     * @param epoch     epoch number
     * @param lastStep  global number of the epoch's last step
     * @param steps     steps in this epoch
     * @param lossD     mean discriminator loss
     * @param lossG     mean generator loss
     * @param meanDReal mean D(x)
     * @param meanDFake mean D(G(z))
     * @param elapsed   wall time of the epoch
     * @param extras    the means of the extra scalars, not null
     */
    public EpochSummary {
        extras = extras.length == 0 ? NONE : extras.clone();
    }

    /**
     * An epoch's means without extra scalars.
     *
     * @param epoch     epoch number, from 1
     * @param lastStep  global number of the epoch's last step, from 1
     * @param steps     steps in this epoch, positive
     * @param lossD     mean discriminator loss
     * @param lossG     mean generator loss
     * @param meanDReal mean D(x)
     * @param meanDFake mean D(G(z))
     * @param elapsed   wall time of the epoch
     */
    public EpochSummary(int epoch, long lastStep, int steps, double lossD, double lossG, double meanDReal,
                        double meanDFake, Duration elapsed) {
        this(epoch, lastStep, steps, lossD, lossG, meanDReal, meanDFake, elapsed, NONE);
    }

    /** {@return a copy of the means of the extra scalars, in the order of {@link MetricNames#extras()}} */
    @Override
    public double[] extras() {
        return extras.clone();
    }

    /**
     * The mean of one extra scalar.
     *
     * @param index from 0, below the number of extras
     * @return its mean over the epoch
     * @throws IndexOutOfBoundsException if there is no such extra
     */
    public double extra(int index) {
        return extras[index];
    }

    /** {@return whether {@code o} is an EpochSummary of equal values, extras compared element by element} */
    @Override
    public boolean equals(Object o) {
        return o instanceof EpochSummary s && epoch == s.epoch && lastStep == s.lastStep && steps == s.steps
                && Double.compare(lossD, s.lossD) == 0 && Double.compare(lossG, s.lossG) == 0
                && Double.compare(meanDReal, s.meanDReal) == 0 && Double.compare(meanDFake, s.meanDFake) == 0
                && elapsed.equals(s.elapsed) && Arrays.equals(extras, s.extras);
    }

    /** {@return a hash of all values, the extras' elements included} */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(epoch, lastStep, steps, lossD, lossG, meanDReal, meanDFake, elapsed) * 31
                + Arrays.hashCode(extras);
    }

    /** {@return the values, the extras' elements included} */
    @Override
    public String toString() {
        return "EpochSummary[epoch=" + epoch + ", lastStep=" + lastStep + ", steps=" + steps + ", lossD=" + lossD
                + ", lossG=" + lossG + ", meanDReal=" + meanDReal + ", meanDFake=" + meanDFake + ", elapsed="
                + elapsed + ", extras=" + Arrays.toString(extras) + "]";
    }
}
