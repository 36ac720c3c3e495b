package org.gan4j.nd4j.eval;

/**
 * The kernel inception distance (KID) over random subsets, as {@link KernelDistance#of} computes it.
 *
 * @param mean       the mean of the unbiased MMD² estimates over the subsets: about 0 when both sets come from the
 *                    same distribution (it can be slightly negative), larger when they differ; lower is better
 * @param std        their population standard deviation ({@code numpy.std}, as torch-fidelity reports it): the
 *                    spread of one subset's estimate, not the standard error of the mean
 * @param subsets    how many subsets were drawn
 * @param subsetSize how many rows of each set one subset holds
 */
public record KernelDistanceResult(double mean, double std, int subsets, int subsetSize) {
}
