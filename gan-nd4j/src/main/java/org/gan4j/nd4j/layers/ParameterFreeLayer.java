package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The part every layer without trainable values shares (activations, reshapes, dropout): as many values out as in,
 * nothing to bind, initialise or name.
 */
abstract class ParameterFreeLayer implements Layer {

    /** Values per row, in and out. */
    protected final int size;

    /**
     * A layer over rows of {@code size} values.
     *
     * @param layer what the layer is called, for the message
     * @param size  values per row, positive
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    ParameterFreeLayer(String layer, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException(layer + " size must be positive, got " + size);
        }
        this.size = size;
    }

    @Override
    public final int inputSize() {
        return size;
    }

    @Override
    public final int outputSize() {
        return size;
    }

    @Override
    public final long parameterCount() {
        return 0;
    }

    @Override
    public final void bind(INDArray params, INDArray grads) {
        // no parameters
    }

    /** Draws nothing, so adding such a layer does not move the other layers' initial weights. */
    @Override
    public final void initialize(SeededRandom random) {
        // no parameters
    }

    @Override
    public final List<NamedParameter> parameters() {
        return List.of();
    }
}
