package org.gan4j.spark;

/**
 * Where one worker of a data-parallel run spent its time: the whole training's wall time, and the part of it spent
 * in the exchange's sums ({@link TimedExchange}), with how many sums and values. Compute is the rest: the total minus
 * the exchange, which includes what the exchange waits for while a slower peer computes (the exchange of a worker
 * is the time until the slowest has contributed).
 *
 * @param rank          the worker's rank
 * @param workers       the number of workers
 * @param steps         the run's step counter at the end (a resumed run's includes the steps before its checkpoint)
 * @param totalNanos    the training's wall time on this worker: building the networks, every step and its sums
 * @param floatSums     float sums (the gradients: two per step of the default objective)
 * @param floatsSummed  floats summed, over all float sums
 * @param floatNanos    wall time inside the float sums
 * @param doubleSums    double sums (the step's metrics)
 * @param doublesSummed doubles summed
 * @param doubleNanos   wall time inside the double sums
 */
public record WorkerTiming(int rank, int workers, long steps, long totalNanos, long floatSums, long floatsSummed,
                           long floatNanos, long doubleSums, long doublesSummed, long doubleNanos) {

    /** {@return the ten values in declaration order, as a task sends them to the driver} */
    long[] toArray() {
        return new long[] {rank, workers, steps, totalNanos, floatSums, floatsSummed, floatNanos, doubleSums,
            doublesSummed, doubleNanos};
    }

    /** {@return the timing of {@link #toArray()}'s values} */
    static WorkerTiming fromArray(long[] v) {
        return new WorkerTiming((int) v[0], (int) v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** {@return the wall time inside the exchange's sums, floats and doubles} */
    public long exchangeNanos() {
        return floatNanos + doubleNanos;
    }

    /** {@return the wall time outside the exchange: {@code totalNanos - exchangeNanos}} */
    public long computeNanos() {
        return totalNanos - exchangeNanos();
    }

    /** {@return the mean number of floats per float sum (0 without any)} */
    public double floatsPerSum() {
        return floatSums == 0 ? 0 : (double) floatsSummed / floatSums;
    }

    /** {@return the exchange's milliseconds per step (0 without steps)} */
    public double exchangeMillisPerStep() {
        return steps == 0 ? 0 : exchangeNanos() / 1e6 / steps;
    }

    /** {@return the compute milliseconds per step (0 without steps)} */
    public double computeMillisPerStep() {
        return steps == 0 ? 0 : computeNanos() / 1e6 / steps;
    }

    /** {@return the milliseconds of one float sum on average (0 without any)} */
    public double millisPerFloatSum() {
        return floatSums == 0 ? 0 : floatNanos / 1e6 / floatSums;
    }
}
