package org.gan4j.nd4j.layers;

import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An elementwise activation, {@code [batch, n] -> [batch, n]}. It keeps its forward <em>output</em> for the
 * backward pass: LeakyReLU, tanh and sigmoid all have derivatives expressible through it.
 */
public abstract class ActivationLayer extends ParameterFreeLayer {

    /** The kernels to compute with. */
    protected final Kernels kernels;
    private final DataType dataType;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;
    private INDArray lastOutput;

    /**
     * An activation over rows of {@code size} values.
     *
     * @param kernels  the arithmetic {@link #apply} and {@link #derivative} use
     * @param dataType FLOAT or DOUBLE: the type of the inputs it accepts and of the buffers it returns
     * @param size     values per row, in and out, positive
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    protected ActivationLayer(Kernels kernels, DataType dataType, int size) {
        super("activation", size);
        this.kernels = kernels;
        this.dataType = dataType;
        this.outputs = new BatchBuffers(dataType, size);
        this.inputGradients = new BatchBuffers(dataType, size);
    }

    /**
     * {@code out = f(x)}, elementwise.
     *
     * @param x   the input, {@code [batch, size]}, already checked; read only
     * @param out receives the output, {@code [batch, size]}; overwritten (a buffer of this layer, never {@code x})
     */
    protected abstract void apply(INDArray x, INDArray out);

    /**
     * {@code dx = dy * f'(x)}, elementwise, expressed through {@code out = f(x)}.
     *
     * @param out the last forward output, {@code [batch, size]}; read only
     * @param dy  the gradient with respect to {@code out}, {@code [batch, size]}; read only
     * @param dx  receives the gradient with respect to the input, {@code [batch, size]}; overwritten
     */
    protected abstract void derivative(INDArray out, INDArray dy, INDArray dx);







    @Override
    public final INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(toString(), x, size, dataType);
        INDArray out = outputs.get(x.rows());
        apply(x, out);
        lastOutput = out;
        return out;
    }

    @Override
    public final INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(toString(), dy, lastOutput);
        if (!inputGradient) {
            return null;
        }
        INDArray dx = inputGradients.get(dy.rows());
        derivative(lastOutput, dy, dx);
        return dx;
    }
}
