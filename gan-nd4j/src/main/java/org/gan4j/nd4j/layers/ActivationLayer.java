package org.gan4j.nd4j.layers;

import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An elementwise activation, {@code [batch, n] -> [batch, n]}. It keeps its forward <em>output</em> for the
 * backward pass: LeakyReLU, tanh and sigmoid all have derivatives expressible through it.
 */
public abstract class ActivationLayer extends ParameterFreeLayer implements TwiceDifferentiable {

    /** The kernels to compute with. */
    protected final Kernels kernels;
    private final DataType dataType;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;
    private final BatchBuffers tangentOutputs;
    private final BatchBuffers tangentInputGradients;
    private INDArray lastOutput;
    private INDArray lastTangent;
    private INDArray lastTangentOutput;

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
        this.tangentOutputs = new BatchBuffers(dataType, size);
        this.tangentInputGradients = new BatchBuffers(dataType, size);
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

    /**
     * The primal input gradient of the tangent pass, {@code dx = dy f'(x) + dTangent tangent f''(x)}, expressed
     * through {@code out = f(x)}. The default is for activations whose second derivative is zero almost everywhere
     * (LeakyReLU, ReLU): {@code dy f'(x)}, or null when {@code dy} is null.
     *
     * @param out      the last forward output, read
     * @param dy       the gradient with respect to {@code out}, read; or null when it is zero
     * @param tangent  the last tangent input, read
     * @param dTangent the gradient with respect to the tangent output, read
     * @param dx       a buffer for the result, {@code [batch, size]}
     * @return {@code dx} written, or null when the gradient is zero
     */
    protected INDArray secondDerivative(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent,
                                        INDArray dx) {
        if (dy == null) {
            return null;
        }
        derivative(out, dy, dx);
        return dx;
    }

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

    /** {@code ydot = f'(x) tangent}: the backward pass's own arithmetic, applied to the tangent. */
    @Override
    public final INDArray tangentForward(INDArray tangent) {
        Shapes.checkTangent(toString(), tangent, size, dataType, lastOutput);
        INDArray ydot = tangentOutputs.get(tangent.rows());
        derivative(lastOutput, tangent, ydot);
        lastTangent = tangent;
        lastTangentOutput = ydot;
        return ydot;
    }

    /** {@code dtangent = dTangent f'(x)}; the primal gradient is {@link #secondDerivative}'s. */
    @Override
    public final DualGradient tangentBackward(INDArray dy, INDArray dTangent, GradientMode parameterGradients,
                                              boolean inputGradient) {
        Shapes.checkGradient(toString(), dTangent, lastTangentOutput);
        if (dy != null) {
            Shapes.checkGradient(toString(), dy, lastOutput);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dadot = tangentInputGradients.get(dTangent.rows());
        derivative(lastOutput, dTangent, dadot);
        INDArray da = secondDerivative(lastOutput, dy, lastTangent, dTangent, inputGradients.get(dTangent.rows()));
        return new DualGradient(da, dadot);
    }
}
