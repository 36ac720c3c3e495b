package org.gan4j.nd4j.layers;

/** What a layer's backward pass does with its parameter gradients. */
public enum GradientMode {
    /** Leave them alone: only the input gradient is wanted. */
    SKIP,
    /** Add to them (the layer contract's {@code +=}). */
    ACCUMULATE,
    /**
     * Write them, as if they had been zeroed first: {@link Sequential#zeroGrad()} defers the zeroing to the next
     * backward pass, which saves a pass over every gradient per update.
     */
    OVERWRITE
}
