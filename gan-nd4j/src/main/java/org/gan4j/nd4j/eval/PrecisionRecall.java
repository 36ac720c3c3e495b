package org.gan4j.nd4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Improved precision and recall of Kynkäänniemi et al. (2019), "Improved Precision and Recall Metric for Assessing
 * Generative Models". Each set's manifold is estimated as the union of k-NN balls around its points (radius: the
 * distance from a point to its k-th nearest other point of the same set); then
 * <pre>
 *   precision = fraction of fake points inside the real manifold   (are the samples realistic: quality)
 *   recall    = fraction of real points inside the fake manifold   (is the data's variety covered: diversity)
 * </pre>
 * Both lie in [0, 1]; <b>higher is better</b>. A point at exactly a ball's radius is inside (as in the authors'
 * code). Distances are Euclidean in feature space, computed by {@link NearestNeighbours}.
 *
 * @param precision  fraction of {@code fake} rows inside the union of the real k-NN balls
 * @param recall     fraction of {@code real} rows inside the union of the fake k-NN balls
 * @param k          the neighbour rank that set the radii
 * @param realCount  rows of {@code real}
 * @param fakeCount  rows of {@code fake}
 */
public record PrecisionRecall(double precision, double recall, int k, int realCount, int fakeCount) {

    /** The k of the paper and of StudioGAN. */
    public static final int DEFAULT_K = 3;

    /**
     * Precision and recall of {@code fake} against {@code real}.
     *
     * @param real DOUBLE {@code [n, d]} features of real images, finite, {@code n >= k + 1}
     * @param fake DOUBLE {@code [m, d]} features of generated images, finite, {@code m >= k + 1}, the same d
     * @param k    the neighbour rank for the radii, at least 1 ({@link #DEFAULT_K})
     * @return precision, recall and the counts
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static PrecisionRecall of(INDArray real, INDArray fake, int k) {
        NearestNeighbours.requireK(k);
        Points r = Points.of("real", real, k + 1);
        Points f = Points.of("fake", fake, k + 1);
        Matrices.requireSameColumns("real", r.data, "fake", f.data);
        return ManifoldMetrics.compute(r, f, k, 0).precisionRecall();
    }
}
