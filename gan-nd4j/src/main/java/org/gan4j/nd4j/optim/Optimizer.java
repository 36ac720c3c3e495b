package org.gan4j.nd4j.optim;

import java.util.List;
import java.util.Map;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A running optimizer for one network, built from an {@link OptimizerSpec} by {@link Optimizers#create}: it applies
 * the network's current gradients to its parameters, counts its updates, and exposes its state as named arrays (each
 * as long as the parameter vector) so that a checkpoint can save it and restore it exactly.
 *
 * <p>The lifecycle follows Tribuo's optimisers: a spec that is data, an optimizer initialised on one parameter set,
 * {@link #step()} per update, state saved and restored.
 *
 * <p>The optimizer may keep its own copy of the parameters (the CPU path does): after writing
 * {@link org.gan4j.Network#parameters()} from outside during training, call {@link #parametersChanged()}.
 */
public interface Optimizer {

    /** Applies the current gradients to the parameters: one update, at this update's scheduled learning rate. */
    void step();

    /**
     * {@return whether a backward pass should hand this optimizer its update in parts ({@link #beginStepInParts()}):
     * true where that is faster than one {@link #step()} after the pass (Adam on the CPU kernels' heap state); false
     * for Adam on ND4J ops (a part costs its own ops) and for RMSprop and SGD (cheaper updates, never in parts)}
     */
    default boolean stepsInParts() {
        return false;
    }

    /**
     * Begins one update applied in parts, as a backward pass finishes each layer's gradients
     * ({@link org.gan4j.nd4j.layers.Sequential#backwardParameters(INDArray,
     * org.gan4j.nd4j.layers.GradientsReady)}): the same update as {@link #step()}, to the bit, counted when it
     * begins. The object returned is reused by the next call.
     *
     * @return where the parts go; {@link StepInParts#end()} closes the update
     * @throws UnsupportedOperationException if this optimizer cannot step in parts (the default; Adam always can)
     * @throws IllegalStateException if the previous step in parts was not ended
     */
    default StepInParts beginStepInParts() {
        throw new UnsupportedOperationException(spec().kind() + " does not update in parts");
    }

    /** {@return the updates made so far, restored ones included (the schedule's and Adam's {@code t})} */
    long steps();

    /** {@return what this optimizer runs} */
    OptimizerSpec spec();

    /**
     * {@return the names of the state arrays, in a fixed order: {@code m, v} for Adam, {@code v} (and {@code buf}
     * with momentum) for RMSprop, {@code buf} with momentum (else none) for SGD; see {@link Optimizers#stateNames}}
     */
    List<String> stateNames();

    /**
     * A copy of one state array.
     *
     * @param name one of {@link #stateNames()}
     * @return the values, as long as the network's parameter vector
     */
    INDArray state(String name);

    /**
     * One state array as checkpoint bytes ({@link org.gan4j.io.ArrayBytes}' little-endian form).
     *
     * @param name  one of {@link #stateNames()}
     * @param reuse the array the previous checkpoint got, or {@code null}; written into when it has the right length
     * @return {@code reuse} or a new array
     */
    byte[] stateBytes(String name, byte[] reuse);

    /**
     * Restores the state a checkpoint saved.
     *
     * @param state every one of {@link #stateNames()}, each as long as the parameter vector
     * @param steps the saved {@link #steps()}
     * @throws IllegalArgumentException if a state array is missing or of another length
     */
    void restore(Map<String, INDArray> state, long steps);

    /** Tells the optimizer that the parameters were written from outside. */
    void parametersChanged();

    /**
     * Clips the parameters into {@code [-bound, bound]} after each later update (WGAN's weight clipping), as a
     * constraint of the update itself: applied to the copy the update works on before the parameters are written
     * out, so a clipped run costs no extra pass over the network's arrays and no {@link #parametersChanged()}.
     *
     * @param bound positive and finite; 0 turns clipping off
     * @throws IllegalArgumentException for a negative, infinite or NaN bound
     */
    void clipParameters(double bound);
}
