package org.gan4j.nd4j;

import java.time.Duration;
import java.util.Arrays;
import org.gan4j.EpochSummary;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/**
 * The current epoch's running sums of the step metrics (the four fixed ones and the objective's extras,
 * {@link org.gan4j.MetricNames#extras()}), from which its {@link EpochSummary} takes the means. Checkpointed in
 * {@code sums} and, only when there are extras, {@code extraSums}, as exact hexadecimal doubles: a resumed epoch
 * reports the means the uninterrupted one would have.
 */
final class MetricSums implements RunState.Piece {

    /** The manifest field of the extras' sums, in their order; written only when there are some. */
    static final String EXTRA_SUMS = "extraSums";

    private double sumD;
    private double sumG;
    private double sumReal;
    private double sumFake;
    private final double[] sumExtras;

    /** Sums for a step that reports {@code extras} extra metrics, all at zero. */
    MetricSums(int extras) {
        this.sumExtras = new double[extras];
    }

    /** Starts an epoch at zero. */
    void reset() {
        sumD = sumG = sumReal = sumFake = 0;
        Arrays.fill(sumExtras, 0);
    }

    /** Adds the step just run. */
    void add(TrainingStep step) {
        sumD += step.lossD();
        sumG += step.lossG();
        sumReal += step.meanDReal();
        sumFake += step.meanDFake();
        double[] extras = step.extras();
        for (int i = 0; i < sumExtras.length; i++) {
            sumExtras[i] += extras[i];
        }
    }

    /**
     * The epoch's summary: each sum's mean over its batches.
     *
     * @param epoch   the epoch, from 1
     * @param steps   the run's steps at its end
     * @param batches the batches summed, positive
     * @param elapsed its wall time
     */
    EpochSummary summary(int epoch, long steps, int batches, Duration elapsed) {
        double[] meanExtras = new double[sumExtras.length];
        for (int i = 0; i < meanExtras.length; i++) {
            meanExtras[i] = sumExtras[i] / batches;
        }
        return new EpochSummary(epoch, steps, batches, sumD / batches, sumG / batches, sumReal / batches,
                sumFake / batches, elapsed, meanExtras);
    }

    @Override
    public void save(RunState.Snapshot to) {
        to.field("sums", StateCodec.doubles(sumD, sumG, sumReal, sumFake));
        if (sumExtras.length > 0) {
            // absent for runs without extras, so their checkpoints are as before
            to.field(EXTRA_SUMS, StateCodec.doubles(sumExtras));
        }
    }

    @Override
    public void restore(CheckpointFile.Contents c) throws java.io.IOException {
        String[] sums = c.field("sums").split(",");
        sumD = Double.parseDouble(sums[0]);
        sumG = Double.parseDouble(sums[1]);
        sumReal = Double.parseDouble(sums[2]);
        sumFake = Double.parseDouble(sums[3]);
        String[] extraSums = c.manifest().getProperty(EXTRA_SUMS, "").split(",");
        for (int i = 0; i < sumExtras.length; i++) {
            // a checkpoint written before extras were reported has none: the epoch's means start from there
            sumExtras[i] = i < extraSums.length && !extraSums[i].isEmpty() ? Double.parseDouble(extraSums[i]) : 0;
        }
    }
}
