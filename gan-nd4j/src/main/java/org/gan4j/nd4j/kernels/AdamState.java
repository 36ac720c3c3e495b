package org.gan4j.nd4j.kernels;

import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's moments for one flat parameter buffer, and the update with PyTorch's semantics:
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
 */
public interface AdamState {

    /**
     * Applies the gradients to the parameters.
     *
     * @param lr    the learning rate
     * @param beta1 the first-moment decay, in [0, 1)
     * @param beta2 the second-moment decay, in [0, 1)
     * @param eps   added after the square root
     * @param step  {@code t} of the bias corrections, from 1
     */
    void update(double lr, double beta1, double beta2, double eps, long step);

    /**
     * Applies the gradients to the parameters {@code [from, to)} only, with the arithmetic of {@link #update}: one
     * step applied over ranges that cover the vector once leaves the same bits as one {@code update}.
     *
     * @param lr    the learning rate
     * @param beta1 the first-moment decay, in [0, 1)
     * @param beta2 the second-moment decay, in [0, 1)
     * @param eps   added after the square root
     * @param step  {@code t} of the bias corrections, from 1
     * @param from  the first index of the range
     * @param to    one past its last, at most the parameter count
     */
    void update(double lr, double beta1, double beta2, double eps, long step, long from, long to);

    /**
     * {@return whether updates in parts ({@link #update(double, double, double, double, long, long, long)} per layer
     * during the backward pass) are faster than one update after it: true for the heap states, whose parts find
     * their gradients and parameters in cache; false for ND4J ops, where each part costs its own ops (measured:
     * cgan's step 10 % slower on the portable kernels)}
     */
    default boolean updatesInPartsPay() {
        return false;
    }

    /** {@return a copy of the first moment, laid out like the parameters} */
    INDArray firstMoment();

    /** {@return a copy of the second moment, laid out like the parameters} */
    INDArray secondMoment();

    /**
     * The first moment as checkpoint bytes ({@link ArrayBytes#toBytes(INDArray, byte[])}), written into
     * {@code reuse} when it has the right length.
     *
     * @param reuse a buffer to write into, or null
     * @return {@code reuse} or a new array
     */
    default byte[] firstMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(firstMoment(), reuse);
    }

    /**
     * The second moment as checkpoint bytes; see {@link #firstMomentBytes}.
     *
     * @param reuse a buffer to write into, or null
     * @return {@code reuse} or a new array
     */
    default byte[] secondMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(secondMoment(), reuse);
    }

    /**
     * Replaces the moments (from a checkpoint).
     *
     * @param firstMoment  laid out like the parameters
     * @param secondMoment laid out like the parameters, not negative
     */
    void restore(INDArray firstMoment, INDArray secondMoment);

    /**
     * Re-reads the parameters after something other than {@link #update} wrote them (loading a checkpoint):
     * implementations may keep their own copy.
     */
    void parametersChanged();

    /**
     * Clamps the parameters into {@code [-bound, bound]} at the end of every later update, before they are written
     * out (WGAN's weight clipping), on the copy the update works on: no extra pass over the network's arrays, and
     * no {@link #parametersChanged()}.
     *
     * @param bound positive and finite; 0 turns clipping off
     * @throws IllegalArgumentException for a negative, infinite or NaN bound
     */
    void clipParameters(double bound);
}
