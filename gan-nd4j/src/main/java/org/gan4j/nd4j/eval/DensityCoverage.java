package org.gan4j.nd4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Density and coverage of Naeem et al. (2020), "Reliable Fidelity and Diversity Metrics for Generative Models":
 * like {@link PrecisionRecall} but with the k-NN balls of the real points only (radius: distance from a real point
 * to its k-th nearest other real point), which makes them robust to outliers among the fakes:
 * <pre>
 *   density  = (1 / (k M)) sum_j  #{ i : fake_j in ball(real_i) }          (quality)
 *   coverage = (1 / N)     #{ i : ball(real_i) contains at least one fake } (diversity)
 * </pre>
 * Coverage lies in [0, 1]; density is unbounded above and its expected value is about 1 when the fakes are
 * distributed like the reals (exactly {@code (k + 1) / k} for fakes identical to the reals, since each ball holds
 * its centre and its k neighbours). <b>Higher is better</b> for coverage; density near 1 is the target, above 1
 * means samples crowd where the real data is densest. A point at exactly a radius is inside.
 *
 * @param density   the mean number of real balls holding a fake, divided by k
 * @param coverage  the fraction of real balls holding at least one fake
 * @param k         the neighbour rank that set the radii
 * @param realCount rows of {@code real}
 * @param fakeCount rows of {@code fake}
 */
public record DensityCoverage(double density, double coverage, int k, int realCount, int fakeCount) {

    /** The k of the paper and of StudioGAN. */
    public static final int DEFAULT_K = 5;

    /**
     * Density and coverage of {@code fake} against {@code real}.
     *
     * @param real DOUBLE {@code [n, d]} features of real images, finite, {@code n >= k + 1}
     * @param fake DOUBLE {@code [m, d]} features of generated images, finite, at least one row, the same d
     * @param k    the neighbour rank for the radii, at least 1 ({@link #DEFAULT_K})
     * @return density, coverage and the counts
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static DensityCoverage of(INDArray real, INDArray fake, int k) {
        NearestNeighbours.requireK(k);
        Points r = Points.of("real", real, k + 1);
        Points f = Points.of("fake", fake, 1);
        Matrices.requireSameColumns("real", r.data, "fake", f.data);
        return ManifoldMetrics.compute(r, f, 0, k).densityCoverage();
    }
}
