package org.gan4j.nd4j.layers;

import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code x > 0 ? x : slope * x} (PyTorch's {@code LeakyReLU}; slope 0 is ReLU). */
public final class LeakyRelu extends ActivationLayer {

    private final double slope;

    /**
     * A LeakyReLU over rows of {@code size} values, {@code [batch, size] -> [batch, size]}.
     *
     * @param kernels  computes the activation and its derivative
     * @param dataType FLOAT or DOUBLE: the type of the inputs it accepts and of the buffers it returns
     * @param size     values per row, positive
     * @param slope    the slope for negative inputs, in {@code [0, 1)}; 0 makes it a ReLU
     * @throws IllegalArgumentException if {@code size} is not positive or {@code slope} is out of range
     */
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
