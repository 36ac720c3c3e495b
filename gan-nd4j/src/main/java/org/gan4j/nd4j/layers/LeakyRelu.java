package org.gan4j.nd4j.layers;

import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code x > 0 ? x : slope * x} (PyTorch's {@code LeakyReLU}; slope 0 is ReLU). */
public final class LeakyRelu extends ActivationLayer {

    private final double slope;

    /** @param slope negative slope in {@code [0, 1)} */
    public LeakyRelu(Kernels kernels, DataType dataType, int size, double slope) {
        super(kernels, dataType, size);
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("LeakyRelu slope must be in [0, 1), got " + slope);
        }
        this.slope = slope;
    }

    @Override
    protected void apply(INDArray x, INDArray out) {
        kernels.leakyRelu(x, out, slope);
    }

    @Override
    protected void derivative(INDArray out, INDArray dy, INDArray dx) {
        kernels.leakyReluBackward(out, dy, dx, slope);
    }

    @Override
    public String toString() {
        return "LeakyRelu(" + slope + ")";
    }
}
