package org.gan4j.nd4j;

/**
 * How the workers of a data-parallel run sum what each of them computed on its slice of the batch: the gradient
 * buffers before each optimizer update, and the step's metrics. Every worker makes the same calls in the same order
 * with arrays of the same length; each call returns, on every worker, the same bits (the implementation documents its
 * order of addition). The exchange only sums; {@link DataParallelTraining} divides by {@link #workers()}.
 *
 * <p>A failure (a peer that died or stopped answering) is thrown as an unchecked exception and ends the run: a step
 * never continues with fewer workers.
 */
public interface GradientExchange {

    /** {@return this worker's rank, in {@code [0, workers())}} */
    int rank();

    /** {@return the number of workers, at least 1} */
    int workers();

    /**
     * Replaces {@code values} with the sum of every worker's array.
     *
     * @param values this worker's values
     * @throws java.io.UncheckedIOException if a peer fails or times out
     */
    void sum(float[] values);

    /**
     * Replaces {@code values} with the sum of every worker's array.
     *
     * @param values this worker's values
     * @throws java.io.UncheckedIOException if a peer fails or times out
     */
    void sum(double[] values);
}
