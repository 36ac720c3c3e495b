package org.gan4j.nd4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameter with its gradient, under a name like PyTorch's {@code state_dict} keys ({@code "0.weight"}). Both
 * arrays are views into the owning network's flat buffers.
 *
 * @param name     the parameter's name, unique within its network
 * @param value    the parameter
 * @param gradient its gradient, the same shape
 */
public record NamedParameter(String name, INDArray value, INDArray gradient) {
}
