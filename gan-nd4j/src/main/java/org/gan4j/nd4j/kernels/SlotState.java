package org.gan4j.nd4j.kernels;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer's per-parameter arrays ("slots") for one flat parameter buffer, each as long as the parameters and
 * named, kept wherever the kernels update fastest: what a checkpoint saves and restores.
 */
public interface SlotState {

    /** {@return the slots' names, in a fixed order (e.g. {@code v}, {@code buf})} */
    List<String> slots();

    /**
     * A copy of one slot.
     *
     * @param name one of {@link #slots()}
     * @return the values, laid out like the parameters
     */
    INDArray slot(String name);

    /**
     * One slot as checkpoint bytes ({@link org.gan4j.io.ArrayBytes}' little-endian form), written into
     * {@code reuse} when it has the right length.
     *
     * @param name  one of {@link #slots()}
     * @param reuse a buffer to write into, or null
     * @return {@code reuse} or a new array
     */
    byte[] slotBytes(String name, byte[] reuse);

    /**
     * Replaces one slot (from a checkpoint).
     *
     * @param name   one of {@link #slots()}
     * @param values laid out like the parameters
     */
    void restore(String name, INDArray values);

    /**
     * Re-reads the parameters after something other than an update wrote them (loading a checkpoint):
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
