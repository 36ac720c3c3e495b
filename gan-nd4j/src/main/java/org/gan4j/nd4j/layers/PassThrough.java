package org.gan4j.nd4j.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that changes only the declared shape ({@code reshape}, {@code flatten}) or nothing at all
 * ({@code identity}): rows of a network hold NCHW examples in c-order, so the values stay where they are. Forward and
 * backward hand their argument on without a copy.
 */
final class PassThrough extends ParameterFreeLayer implements TwiceDifferentiable {

    private final String name;
    private final DataType dataType;

    /**
     * A layer that hands rows of {@code size} values on unchanged.
     *
     * @param name     what {@link #toString()} and error messages call it, e.g. {@code Flatten([64, 7, 7])}
     * @param dataType FLOAT or DOUBLE: the type of the inputs it accepts
     * @param size     values per row, in and out
     */
    PassThrough(String name, DataType dataType, int size) {
        super(name, size);
        this.name = name;
        this.dataType = dataType;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, size, dataType);
        return x;
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        return inputGradient ? dy : null;
    }

    @Override
    public INDArray tangentForward(INDArray tangent) {
        Shapes.checkInput(name, tangent, size, dataType);
        return tangent;
    }

    @Override
    public DualGradient tangentBackward(INDArray dy, INDArray dTangent, GradientMode parameterGradients,
                                        boolean inputGradient) {
        return inputGradient ? new DualGradient(dy, dTangent) : null;
    }

    @Override
    public String toString() {
        return name;
    }
}
