package org.gan4j;

import java.util.Arrays;

/**
 * What one training step measured.
 *
 * @param step          global step number, from 1
 * @param epoch         epoch number, from 1
 * @param batchInEpoch  batch number within the epoch, from 1
 * @param batchSize     images in this batch (the last batch of an epoch may be short)
 * @param lossD         the discriminator's loss before its update
 * @param lossG         the generator's loss, through the updated discriminator
 * @param meanDReal     mean D(x): the discriminator's mean probability, in [0, 1], that the real images are real;
 *                      for a critic's objective its mean raw score ({@link MetricNames})
 * @param meanDFake     mean D(G(z)), in [0, 1], on the same step's generated images, before the discriminator's
 *                      update; for a critic's objective its mean raw score
 * @param extras        the objective's own scalars, in the order of the run's {@link MetricNames#extras()} (empty
 *                      for most objectives); copied, and {@link #extras()} returns a copy
 */
public record StepMetrics(long step, int epoch, int batchInEpoch, int batchSize, double lossD, double lossG,
                          double meanDReal, double meanDFake, double[] extras) {

    private static final double[] NONE = new double[0];

    /**
     * Checks and copies the extras.
     *
     * @param step         global step number
     * @param epoch        epoch number
     * @param batchInEpoch batch number within the epoch
     * @param batchSize    images in this batch
     * @param lossD        the discriminator's loss
     * @param lossG        the generator's loss
     * @param meanDReal    mean D(x)
     * @param meanDFake    mean D(G(z))
     * @param extras       the objective's own scalars, not null
     */
    public StepMetrics {
        extras = extras.length == 0 ? NONE : extras.clone();
    }

    /**
     * A step's metrics without extra scalars.
     *
     * @param step         global step number, from 1
     * @param epoch        epoch number, from 1
     * @param batchInEpoch batch number within the epoch, from 1
     * @param batchSize    images in this batch
     * @param lossD        the discriminator's loss before its update
     * @param lossG        the generator's loss
     * @param meanDReal    mean D(x)
     * @param meanDFake    mean D(G(z))
     */
    public StepMetrics(long step, int epoch, int batchInEpoch, int batchSize, double lossD, double lossG,
                       double meanDReal, double meanDFake) {
        this(step, epoch, batchInEpoch, batchSize, lossD, lossG, meanDReal, meanDFake, NONE);
    }

    /** {@return a copy of the extra scalars, in the order of {@link MetricNames#extras()}} */
    @Override
    public double[] extras() {
        return extras.clone();
    }

    /** {@return how many extra scalars this step reports} */
    public int extraCount() {
        return extras.length;
    }

    /**
     * One extra scalar, without copying the others.
     *
     * @param index from 0, below {@link #extraCount()}
     * @return its value
     * @throws IndexOutOfBoundsException if there is no such extra
     */
    public double extra(int index) {
        return extras[index];
    }

    /** {@return whether {@code o} is a StepMetrics of equal values, extras compared element by element} */
    @Override
    public boolean equals(Object o) {
        return o instanceof StepMetrics m && step == m.step && epoch == m.epoch && batchInEpoch == m.batchInEpoch
                && batchSize == m.batchSize && Double.compare(lossD, m.lossD) == 0
                && Double.compare(lossG, m.lossG) == 0 && Double.compare(meanDReal, m.meanDReal) == 0
                && Double.compare(meanDFake, m.meanDFake) == 0 && Arrays.equals(extras, m.extras);
    }

    /** {@return a hash of all values, the extras' elements included} */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(step, epoch, batchInEpoch, batchSize, lossD, lossG, meanDReal, meanDFake)
                * 31 + Arrays.hashCode(extras);
    }

    /** {@return the values, the extras' elements included} */
    @Override
    public String toString() {
        return "StepMetrics[step=" + step + ", epoch=" + epoch + ", batchInEpoch=" + batchInEpoch + ", batchSize="
                + batchSize + ", lossD=" + lossD + ", lossG=" + lossG + ", meanDReal=" + meanDReal + ", meanDFake="
                + meanDFake + ", extras=" + Arrays.toString(extras) + "]";
    }
}
