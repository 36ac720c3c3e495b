package org.gan4j.nd4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's state that is not trained by gradient descent but belongs in a checkpoint, like PyTorch's buffers in a
 * {@code state_dict} (BatchNorm's {@code running_mean} and {@code running_var}).
 *
 * @param name  the buffer's name, unique within its layer (prefixed with the layer's index by a network)
 * @param value the buffer itself, owned by its layer and updated in place
 */
public record NamedBuffer(String name, INDArray value) {
}
