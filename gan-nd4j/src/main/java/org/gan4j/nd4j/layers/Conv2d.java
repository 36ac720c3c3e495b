package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.ConvGeometry;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 2-D convolution, PyTorch's {@code nn.Conv2d(in, out, kernel, stride, padding)} (square kernel, no dilation, one
 * group): {@code [batch, in*H*W] -> [batch, out*outH*outW]}, rows of NCHW images, with
 * {@code outH = floor((H + 2 padding - kernel) / stride) + 1} (and the same for widths). Weight
 * {@code [out, in, kernel, kernel]} and bias {@code [out]} as PyTorch stores them; initialised like
 * {@code nn.Conv2d}: both uniform in {@code ±1/sqrt(in*kernel*kernel)}.
 *
 * <p>Computed as im2col and one GEMM for the whole batch: the columns of all images side by side,
 * {@code [in*k*k, batch*outH*outW]}, so the weight's GEMM sees a long dimension of {@code batch*outH*outW} instead
 * of {@code outH*outW} per image (49 for DCGAN's second layer), and the weight gradient is one GEMM with that long
 * inner dimension instead of a sum of per-image products. The input gradient is {@code W^T dY} and col2im
 * ({@link Kernels#transposedConvolution}: a few images at a time, so their columns stay in cache).
 */
public final class Conv2d implements AffineLayer {

    private final Kernels kernels;
    private final DataType dataType;
    private final ConvGeometry geometry;
    private final int outChannels;
    private final String name;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;
    /** im2col of the input, {@code [in*k*k, batch*P]}, kept for the weight gradient. */
    private final BatchBuffers columns;
    /** Output (forward) or output gradient (backward) grouped by channel, {@code [out, batch*P]}. */
    private final BatchBuffers byChannel;
    /** The tangent pass's own buffers (output, input gradient, columns, by channel), so the primal state survives. */
    private final BatchBuffers tangentOutputs;
    private final BatchBuffers tangentInputGradients;
    private final BatchBuffers tangentColumns;
    private final BatchBuffers tangentByChannel;

    private INDArray weight;
    private INDArray bias;
    private INDArray weightGrad;
    private INDArray biasGrad;

    private INDArray lastColumns;
    private INDArray lastOutput;
    private final OutputHalves halves = new OutputHalves();
    private INDArray lastTangentColumns;
    private INDArray lastTangentOutput;

    /**
     * A convolution of {@code inChannels x height x width} images.
     *
     * @param kernels  the arithmetic (the CPU fast path or the portable ND4J ops)
     * @param dataType FLOAT or DOUBLE, of parameters, inputs and outputs
     * @param inChannels  channels of the input images
     * @param height      their height
     * @param width       their width
     * @param outChannels channels of the output (the number of filters)
     * @param kernel      kernel height and width
     * @param stride      step between kernel positions
     * @param padding     zeros added on every side
     * @throws IllegalArgumentException if a size is not positive, the padding is negative or the kernel does not
     *                                  fit the padded image
     */
    public Conv2d(Kernels kernels, DataType dataType, int inChannels, int height, int width, int outChannels,
                  int kernel, int stride, int padding) {
        if (outChannels <= 0) {
            throw new IllegalArgumentException("Conv2d output channels must be positive, got " + outChannels);
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.geometry = new ConvGeometry(inChannels, height, width, kernel, stride, padding);
        this.outChannels = outChannels;
        this.name = "Conv2d(" + inChannels + "x" + height + "x" + width + " -> " + outChannels + "x"
                + geometry.outHeight() + "x" + geometry.outWidth() + ", k" + kernel + " s" + stride + " p" + padding
                + ")";
        int positions = geometry.positions();
        int patch = geometry.patchSize();
        this.outputs = new BatchBuffers(dataType, outChannels * positions);
        this.inputGradients = new BatchBuffers(dataType, geometry.imageSize());
        this.columns = new BatchBuffers(dataType, rows -> new long[] {patch, rows * positions});
        this.byChannel = new BatchBuffers(dataType, rows -> new long[] {outChannels, rows * positions});
        this.tangentOutputs = new BatchBuffers(dataType, outChannels * positions);
        this.tangentInputGradients = new BatchBuffers(dataType, geometry.imageSize());
        this.tangentColumns = new BatchBuffers(dataType, rows -> new long[] {patch, rows * positions});
        this.tangentByChannel = new BatchBuffers(dataType, rows -> new long[] {outChannels, rows * positions});
    }

    /** {@return the input and output shapes} */
    public ConvGeometry geometry() {
        return geometry;
    }

    /** {@return the number of output channels} */
    public int outChannels() {
        return outChannels;
    }

    @Override
    public int inputSize() {
        return geometry.imageSize();
    }

    @Override
    public int outputSize() {
        return outChannels * geometry.positions();
    }

    @Override
    public long parameterCount() {
        return (long) outChannels * geometry.patchSize() + outChannels;
    }

    @Override
    public void bind(INDArray params, INDArray grads) {
        long w = (long) outChannels * geometry.patchSize();
        weight = params.get(NDArrayIndex.interval(0, w)).reshape('c', outChannels, geometry.patchSize());
        bias = params.get(NDArrayIndex.interval(w, w + outChannels));
        weightGrad = grads.get(NDArrayIndex.interval(0, w)).reshape('c', outChannels, geometry.patchSize());
        biasGrad = grads.get(NDArrayIndex.interval(w, w + outChannels));
    }

    @Override
    public void initialize(SeededRandom random) {
        double bound = 1 / Math.sqrt(geometry.patchSize());
        Initializers.uniform(weight, random, bound);
        Initializers.uniform(bias, random, bound);
    }

    /** The weight is {@code [out, in*k*k]} here; PyTorch's {@code [out, in, k, k]} is the same values in c-order. */
    @Override
    public List<NamedParameter> parameters() {
        return List.of(new NamedParameter("weight", weight, weightGrad), new NamedParameter("bias", bias, biasGrad));
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, geometry.imageSize(), dataType);
        long rows = x.rows();
        INDArray col = columns.get(rows);
        kernels.im2col(x, geometry, col);
        INDArray yc = byChannel.get(rows);
        kernels.gemm(weight, false, col, false, yc, 1.0, 0.0);
        INDArray y = outputs.get(rows);
        kernels.channelsToImages(yc, outChannels, bias, y);
        lastColumns = col;
        lastOutput = y;
        return y;
    }

    /** The interpolated outputs, and the im2col matrix of {@code x} that a backward pass with parameters reads. */
    @Override
    public INDArray forwardInterpolated(INDArray x, double[] weights) {
        Shapes.checkInput(name, x, geometry.imageSize(), dataType);
        long rows = x.rows();
        INDArray[] ab = halves.of(name, lastOutput, rows, weights);
        INDArray y = outputs.get(rows);
        kernels.interpolateRows(ab[0], ab[1], weights, y);
        INDArray col = columns.get(rows);
        kernels.im2col(x, geometry, col);
        lastColumns = col;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(name, dy, lastOutput);
        long rows = dy.rows();
        INDArray dyc = byChannel.get(rows);
        kernels.imagesToChannels(dy, outChannels, dyc);
        if (parameterGradients != GradientMode.SKIP) {
            boolean accumulate = parameterGradients == GradientMode.ACCUMULATE;
            kernels.gemm(dyc, false, lastColumns, true, weightGrad, 1.0, accumulate ? 1.0 : 0.0);
            kernels.channelSums(dy, outChannels, biasGrad, accumulate);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dx = inputGradients.get(rows);
        kernels.transposedConvolution(weight, dyc, geometry, null, dx);
        return dx;
    }

    /** {@code ydot = conv(adot, W)} without the bias, through the tangent's own columns. */
    @Override
    public INDArray tangentForward(INDArray tangent) {
        Shapes.checkTangent(name, tangent, geometry.imageSize(), dataType, lastOutput);
        long rows = tangent.rows();
        INDArray col = tangentColumns.get(rows);
        kernels.im2col(tangent, geometry, col);
        INDArray yc = tangentByChannel.get(rows);
        kernels.gemm(weight, false, col, false, yc, 1.0, 0.0);
        INDArray ydot = tangentOutputs.get(rows);
        kernels.channelsToImages(yc, outChannels, null, ydot);
        lastTangentColumns = col;
        lastTangentOutput = ydot;
        return ydot;
    }

    /**
     * {@code dW += dTangent col(adot)^T + dy col(a)^T} (by channel), {@code db += channel sums of dy}; the input
     * gradients are the transposed convolutions of {@code dy} and {@code dTangent}.
     */
    @Override
    public DualGradient tangentBackward(INDArray dy, INDArray dTangent, GradientMode parameterGradients,
                                        boolean inputGradient) {
        Shapes.checkGradient(name, dTangent, lastTangentOutput);
        if (dy != null) {
            Shapes.checkGradient(name, dy, lastOutput);
        }
        long rows = dTangent.rows();
        INDArray dtc = tangentByChannel.get(rows);
        kernels.imagesToChannels(dTangent, outChannels, dtc);
        INDArray dyc = null;
        if (dy != null) {
            dyc = byChannel.get(rows);
            kernels.imagesToChannels(dy, outChannels, dyc);
        }
        if (parameterGradients != GradientMode.SKIP) {
            boolean accumulate = parameterGradients == GradientMode.ACCUMULATE;
            kernels.gemm(dtc, false, lastTangentColumns, true, weightGrad, 1.0, accumulate ? 1.0 : 0.0);
            if (dy != null) {
                kernels.gemm(dyc, false, lastColumns, true, weightGrad, 1.0, 1.0);
                kernels.channelSums(dy, outChannels, biasGrad, accumulate);
            } else if (!accumulate) {
                kernels.zero(biasGrad);
            }
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dadot = tangentInputGradients.get(rows);
        kernels.transposedConvolution(weight, dtc, geometry, null, dadot);
        INDArray da = null;
        if (dy != null) {
            da = inputGradients.get(rows);
            kernels.transposedConvolution(weight, dyc, geometry, null, da);
        }
        return new DualGradient(da, dadot);
    }

    @Override
    public String toString() {
        return name;
    }
}
