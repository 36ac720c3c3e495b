package org.gan4j.nd4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of one flat parameter vector, {@code ema = decay * ema + (1 - decay) * theta},
 * kept wherever the kernels update fastest (heap arrays on the CPU path, in place on the average's own array
 * otherwise). Nothing is allocated per update.
 */
public interface EmaState {

    /** Sets the average to the live parameters ({@code ema = theta}): before and at the EMA's start step. */
    void copyLive();

    /**
     * One update: {@code ema = decay * ema + (1 - decay) * theta}, in the parameters' type (float: the factors
     * rounded to float first).
     *
     * @param decay in (0, 1)
     */
    void update(double decay);

    /** Writes the average into the array it was made for, if it is kept elsewhere (before the EMA is read). */
    void publish();

    /**
     * The average as checkpoint bytes ({@link org.gan4j.io.ArrayBytes}' little-endian form).
     *
     * @param reuse a buffer to write into when it has the right length, or null
     * @return {@code reuse} or a new array
     */
    byte[] bytes(byte[] reuse);

    /**
     * Replaces the average (from a checkpoint).
     *
     * @param saved laid out like the parameters
     */
    void restore(INDArray saved);
}
