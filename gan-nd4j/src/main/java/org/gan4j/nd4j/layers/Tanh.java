package org.gan4j.nd4j.layers;

import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code tanh(x)}. */
public final class Tanh extends ActivationLayer {

    /**
     * A tanh over rows of {@code size} values, {@code [batch, size] -> [batch, size]}.
     *
     * @param kernels  computes the activation and its derivative
     * @param dataType FLOAT or DOUBLE: the type of the inputs it accepts and of the buffers it returns
     * @param size     values per row, positive
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public Tanh(Kernels kernels, DataType dataType, int size) {
        super(kernels, dataType, size);
    }

    @Override
    protected void apply(INDArray x, INDArray out) {
        kernels.tanh(x, out);
    }

    @Override
    protected void derivative(INDArray out, INDArray dy, INDArray dx) {
        kernels.tanhBackward(out, dy, dx);
    }

    @Override
    protected INDArray secondDerivative(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent,
                                        INDArray dx) {
        kernels.tanhSecondBackward(out, dy, tangent, dTangent, dx);
        return dx;
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
