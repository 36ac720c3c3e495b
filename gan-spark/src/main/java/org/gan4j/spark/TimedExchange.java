package org.gan4j.spark;

import org.gan4j.nd4j.GradientExchange;

/**
 * A {@link GradientExchange} that counts what another one does: its calls, the values they summed and the wall time
 * spent inside them, per element type. The sums are the inner exchange's, unchanged; the counters cost two
 * {@link System#nanoTime()} calls per sum. Not thread-safe (one worker, one thread, as the exchange itself).
 *
 * <p>In data-parallel training the float sums are the gradient buffers (one for D's update, one for G's, per step
 * of the default objective) and the double sums the step's metrics (D's losses and outputs, then G's loss: a few
 * values each). {@link #timing} turns the counters into a {@link WorkerTiming}.
 */
public final class TimedExchange extends ForwardingExchange {

    private long floatSums;
    private long floatsSummed;
    private long floatNanos;
    private long doubleSums;
    private long doublesSummed;
    private long doubleNanos;

    /**
     * Counts the sums of {@code inner}.
     *
     * @param inner the exchange that sums
     */
    public TimedExchange(GradientExchange inner) {
        super(inner);
    }

    @Override
    public void sum(float[] values) {
        long start = System.nanoTime();
        try {
            super.sum(values);
        } finally {
            floatNanos += System.nanoTime() - start;
            floatSums++;
            floatsSummed += values.length;
        }
    }

    @Override
    public void sum(double[] values) {
        long start = System.nanoTime();
        try {
            super.sum(values);
        } finally {
            doubleNanos += System.nanoTime() - start;
            doubleSums++;
            doublesSummed += values.length;
        }
    }

    /**
     * The counters so far, with the training's wall time and step count given by the caller.
     *
     * @param steps      the steps the training ran
     * @param totalNanos the training's wall time, which contains every sum
     * @return this worker's timing
     */
    public WorkerTiming timing(long steps, long totalNanos) {
        return new WorkerTiming(rank(), workers(), steps, totalNanos, floatSums, floatsSummed, floatNanos, doubleSums,
                doublesSummed, doubleNanos);
    }
}
