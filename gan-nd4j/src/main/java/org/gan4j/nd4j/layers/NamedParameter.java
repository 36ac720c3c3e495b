package org.gan4j.nd4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameter with its gradient, under a name like PyTorch's {@code state_dict} keys ({@code "0.weight"}). Both
 * arrays are views into the owning network's flat buffers.
 *
 * @param name     the parameter's name, unique within its network: {@code weight} within a layer, {@code 0.weight}
 *                 within a {@link Sequential}
 * @param value    the parameter's values, a live view (a dense weight is {@code [out, in]}, a bias {@code [out]}):
 *                 writing to it changes the network
 * @param gradient its gradient, a live view of the same shape
 */
public record NamedParameter(String name, INDArray value, INDArray gradient) {
}
