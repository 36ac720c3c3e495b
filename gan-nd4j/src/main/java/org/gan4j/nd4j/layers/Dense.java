package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A fully connected layer, PyTorch's {@code nn.Linear}: {@code y = x W^T + b}, with {@code W} stored
 * {@code [out, in]} as PyTorch stores it, {@code [batch, in] -> [batch, out]}. Initialised like {@code nn.Linear}:
 * weight and bias uniform in {@code ±1/sqrt(in)}.
 */
public final class Dense implements AffineLayer {

    private final Kernels kernels;
    private final DataType dataType;
    private final int in;
    private final int out;
    private final String name;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;
    private final BatchBuffers tangentOutputs;
    private final BatchBuffers tangentInputGradients;

    private INDArray weight;
    private INDArray bias;
    private INDArray weightGrad;
    private INDArray biasGrad;

    private INDArray lastInput;
    private INDArray lastOutput;
    private INDArray lastTangent;
    private INDArray lastTangentOutput;
    private final OutputHalves halves = new OutputHalves();

    /**
     * A layer from {@code in} to {@code out} values per row, {@code [batch, in] -> [batch, out]}. Its
     * {@code out * in + out} parameters live in the network's flat buffer: {@link #bind} gives the layer its views,
     * {@link #initialize} draws their values.
     *
     * @param kernels  the arithmetic (GEMM, bias add, column sums)
     * @param dataType FLOAT or DOUBLE: the type of the parameters, the inputs it accepts and the buffers it returns
     * @param in       input features, positive
     * @param out      output features, positive
     * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
     */
    public Dense(Kernels kernels, DataType dataType, int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense sizes must be positive, got " + in + " -> " + out);
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.in = in;
        this.out = out;
        this.name = "Dense(" + in + " -> " + out + ")";
        this.outputs = new BatchBuffers(dataType, out);
        this.inputGradients = new BatchBuffers(dataType, in);
        this.tangentOutputs = new BatchBuffers(dataType, out);
        this.tangentInputGradients = new BatchBuffers(dataType, in);
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public long parameterCount() {
        return (long) out * in + out;
    }

    @Override
    public void bind(INDArray params, INDArray grads) {
        long w = (long) out * in;
        weight = params.get(NDArrayIndex.interval(0, w)).reshape('c', out, in);
        bias = params.get(NDArrayIndex.interval(w, w + out));
        weightGrad = grads.get(NDArrayIndex.interval(0, w)).reshape('c', out, in);
        biasGrad = grads.get(NDArrayIndex.interval(w, w + out));
    }

    @Override
    public void initialize(SeededRandom random) {
        double bound = 1 / Math.sqrt(in);
        Initializers.uniform(weight, random, bound);
        Initializers.uniform(bias, random, bound);
    }

    @Override
    public List<NamedParameter> parameters() {
        return List.of(new NamedParameter("weight", weight, weightGrad), new NamedParameter("bias", bias, biasGrad));
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, in, dataType);
        INDArray y = outputs.get(x.rows());
        kernels.gemm(x, false, weight, true, y, 1.0, 0.0);
        kernels.addRowVector(y, bias);
        lastInput = x;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray forwardInterpolated(INDArray x, double[] weights) {
        Shapes.checkInput(name, x, in, dataType);
        INDArray y = outputs.get(x.rows());
        INDArray[] ab = halves.of(name, lastOutput, x.rows(), weights);
        kernels.interpolateRows(ab[0], ab[1], weights, y);
        lastInput = x;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(name, dy, lastOutput);
        if (parameterGradients != GradientMode.SKIP) {
            boolean accumulate = parameterGradients == GradientMode.ACCUMULATE;
            kernels.gemm(dy, true, lastInput, false, weightGrad, 1.0, accumulate ? 1.0 : 0.0);
            kernels.columnSums(dy, biasGrad, accumulate);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dx = inputGradients.get(dy.rows());
        kernels.gemm(dy, false, weight, false, dx, 1.0, 0.0);
        return dx;
    }

    /** {@code ydot = adot W^T}: the bias does not move with the input. */
    @Override
    public INDArray tangentForward(INDArray tangent) {
        Shapes.checkTangent(name, tangent, in, dataType, lastOutput);
        INDArray ydot = tangentOutputs.get(tangent.rows());
        kernels.gemm(tangent, false, weight, true, ydot, 1.0, 0.0);
        lastTangent = tangent;
        lastTangentOutput = ydot;
        return ydot;
    }

    /**
     * {@code dW += dTangent^T adot + dy^T a}, {@code db += colsum(dy)}; {@code da = dy W}, {@code dadot = dTangent W}
     * (the layer is linear in its input, so the two streams do not mix).
     */
    @Override
    public DualGradient tangentBackward(INDArray dy, INDArray dTangent, GradientMode parameterGradients,
                                        boolean inputGradient) {
        Shapes.checkGradient(name, dTangent, lastTangentOutput);
        if (dy != null) {
            Shapes.checkGradient(name, dy, lastOutput);
        }
        if (parameterGradients != GradientMode.SKIP) {
            boolean accumulate = parameterGradients == GradientMode.ACCUMULATE;
            kernels.gemm(dTangent, true, lastTangent, false, weightGrad, 1.0, accumulate ? 1.0 : 0.0);
            if (dy != null) {
                kernels.gemm(dy, true, lastInput, false, weightGrad, 1.0, 1.0);
                kernels.columnSums(dy, biasGrad, accumulate);
            } else if (!accumulate) {
                kernels.zero(biasGrad);
            }
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dadot = tangentInputGradients.get(dTangent.rows());
        kernels.gemm(dTangent, false, weight, false, dadot, 1.0, 0.0);
        INDArray da = null;
        if (dy != null) {
            da = inputGradients.get(dy.rows());
            kernels.gemm(dy, false, weight, false, da, 1.0, 0.0);
        }
        return new DualGradient(da, dadot);
    }

    @Override
    public String toString() {
        return name;
    }
}
