package org.gan4j.nd4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whether a generator copies its training images: the median Euclidean distance, in pixel space, from each sample
 * to its nearest training image, beside the same median for real images that the generator never saw. A generator
 * that memorises puts its samples much closer to training images than unseen real images are, so a
 * {@code sampleMedian} well below {@code baselineMedian} is the warning sign (0 means exact copies); a
 * {@code sampleMedian} far above it means the samples are unlike any training image (a quality problem, not
 * memorisation). This answers the memorisation question, which FID, KID and precision/recall cannot: a generator
 * that returns its training set scores perfectly on all of them.
 *
 * <p>The baseline is either an explicit held-out set ({@link Baseline#HELD_OUT}: the median distance from each
 * held-out image to its nearest training image, the protocol of the evaluation) or, without one, the training set
 * itself, leave-one-out ({@link Baseline#TRAINING_LEAVE_ONE_OUT}: the median distance from each training image to
 * its nearest other training image; a set with duplicates makes this smaller). A median of an even count is the
 * mean of the two middle values. Distances come from {@link NearestNeighbours} (the exact nearest distance).
 *
 * @param sampleMedian   median distance from a sample to its nearest training image
 * @param baselineMedian median distance from a held-out image (or a training image, leave-one-out) to its nearest
 *                       training image (other than itself)
 * @param baseline       which baseline {@code baselineMedian} is
 * @param samples        rows of {@code samples}
 * @param training       rows of {@code training}
 * @param baselineCount  rows behind {@code baselineMedian}: the held-out set's, or the training set's
 */
public record Memorisation(double sampleMedian, double baselineMedian, Baseline baseline, int samples, int training,
                           int baselineCount) {

    /** What the baseline median was measured on. */
    public enum Baseline {
        /** Each training image against the other training images. */
        TRAINING_LEAVE_ONE_OUT,
        /** Each held-out real image against the training images. */
        HELD_OUT
    }

    /**
     * Memorisation with the leave-one-out training baseline.
     *
     * @param samples  DOUBLE {@code [n, pixels]} generated images, finite, at least one row
     * @param training DOUBLE {@code [m, pixels]} training images, finite, at least two rows, the same pixels
     * @return the medians and counts
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static Memorisation of(INDArray samples, INDArray training) {
        Points s = Points.of("samples", samples, 1);
        Points t = Points.of("training", training, 2);
        Matrices.requireSameColumns("samples", s.data, "training", t.data);
        long block = NearestNeighbours.DEFAULT_BLOCK_ELEMENTS;
        double sampleMedian = medianDistance(NearestNeighbours.nearest(s, t, block));
        double baseline = medianDistance(NearestNeighbours.neighbours(t, 1, block).radiiSquared(1));
        return new Memorisation(sampleMedian, baseline, Baseline.TRAINING_LEAVE_ONE_OUT, s.rows, t.rows, t.rows);
    }

    /**
     * The leave-one-out baseline alone: what {@link #of(INDArray, INDArray)} reports as {@code baselineMedian}. An
     * evaluator that measures many sample sets against one training set computes it once
     * ({@link #against(INDArray, INDArray, double)}), since it costs as much as the samples' part.
     *
     * @param training DOUBLE {@code [m, pixels]} training images, finite, at least two rows
     * @return the median distance from a training image to its nearest other training image
     * @throws IllegalArgumentException if {@code training} is not as described
     */
    public static double leaveOneOutMedian(INDArray training) {
        Points t = Points.of("training", training, 2);
        return medianDistance(NearestNeighbours.neighbours(t, 1, NearestNeighbours.DEFAULT_BLOCK_ELEMENTS)
                .radiiSquared(1));
    }

    /**
     * {@link #of(INDArray, INDArray)} with its baseline computed before by {@link #leaveOneOutMedian}.
     *
     * @param samples           DOUBLE {@code [n, pixels]} generated images, finite, at least one row
     * @param training          DOUBLE {@code [m, pixels]} training images, finite, at least two rows
     * @param leaveOneOutMedian {@code leaveOneOutMedian(training)}
     * @return the medians and counts, as {@link #of(INDArray, INDArray)} returns them
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static Memorisation against(INDArray samples, INDArray training, double leaveOneOutMedian) {
        return against(samples, Points.of("training", training, 2), leaveOneOutMedian);
    }

    /** {@link #against(INDArray, INDArray, double)} with the training points prepared once (their norms). */
    static Memorisation against(INDArray samples, Points t, double leaveOneOutMedian) {
        Points s = Points.of("samples", samples, 1);
        Matrices.requireSameColumns("samples", s.data, "training", t.data);
        double sampleMedian = medianDistance(NearestNeighbours.nearest(s, t, NearestNeighbours.DEFAULT_BLOCK_ELEMENTS));
        return new Memorisation(sampleMedian, leaveOneOutMedian, Baseline.TRAINING_LEAVE_ONE_OUT, s.rows, t.rows,
                t.rows);
    }

    /**
     * Memorisation with a held-out baseline.
     *
     * @param samples  DOUBLE {@code [n, pixels]} generated images, finite, at least one row
     * @param training DOUBLE {@code [m, pixels]} training images, finite, at least one row, the same pixels
     * @param heldOut  DOUBLE {@code [h, pixels]} real images not used in training, finite, at least one row
     * @return the medians and counts
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static Memorisation of(INDArray samples, INDArray training, INDArray heldOut) {
        Points s = Points.of("samples", samples, 1);
        Points t = Points.of("training", training, 1);
        Points h = Points.of("heldOut", heldOut, 1);
        Matrices.requireSameColumns("samples", s.data, "training", t.data);
        Matrices.requireSameColumns("heldOut", h.data, "training", t.data);
        long block = NearestNeighbours.DEFAULT_BLOCK_ELEMENTS;
        double sampleMedian = medianDistance(NearestNeighbours.nearest(s, t, block));
        double baseline = medianDistance(NearestNeighbours.nearest(h, t, block));
        return new Memorisation(sampleMedian, baseline, Baseline.HELD_OUT, s.rows, t.rows, h.rows);
    }

    private static double medianDistance(double[] squared) {
        for (int i = 0; i < squared.length; i++) {
            squared[i] = Math.sqrt(squared[i]);
        }
        return Matrices.medianInPlace(squared);
    }
}
