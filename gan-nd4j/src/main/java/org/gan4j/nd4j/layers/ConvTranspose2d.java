package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.ConvGeometry;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A transposed 2-D convolution, PyTorch's {@code nn.ConvTranspose2d(in, out, kernel, stride, padding,
 * output_padding)} (square kernel, no dilation, one group): {@code [batch, in*H*W] -> [batch, out*outH*outW]}, rows
 * of NCHW images, with {@code outH = (H - 1) stride - 2 padding + kernel + output_padding}. Weight
 * {@code [in, out, kernel, kernel]} (PyTorch's layout for this layer) and bias {@code [out]}; initialised like
 * PyTorch, which takes the fan-in from the weight's second dimension: both uniform in
 * {@code ±1/sqrt(out*kernel*kernel)}.
 *
 * <p>It is the input gradient of a {@link Conv2d} from {@code out x outH x outW} to {@code in x H x W}: forward is
 * {@code W^T x} and col2im ({@link Kernels#transposedConvolution}, a few images at a time), backward is im2col of
 * the output gradient and two GEMMs over the whole batch.
 */
public final class ConvTranspose2d implements Layer {

    private final Kernels kernels;
    private final DataType dataType;
    private final int inChannels;
    private final int height;
    private final int width;
    private final int outChannels;
    /** The convolution this layer transposes: from this layer's output shape back to its input shape. */
    private final ConvGeometry geometry;
    private final String name;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;
    /** The input grouped by channel, {@code [in, batch*H*W]}: forward's GEMM operand, kept for the weight gradient. */
    private final BatchBuffers inputByChannel;
    /** The input gradient grouped by channel, {@code [in, batch*H*W]}. */
    private final BatchBuffers inputGradientByChannel;
    /** Backward's im2col of the output gradient, {@code [out*k*k, batch*H*W]}. */
    private final BatchBuffers columns;

    private INDArray weight;
    private INDArray bias;
    private INDArray weightGrad;
    private INDArray biasGrad;

    private INDArray lastInputByChannel;
    private INDArray lastOutput;

    /**
     * A transposed convolution of {@code inChannels x height x width} images.
     *
     * @param kernels  the arithmetic (the CPU fast path or the portable ND4J ops)
     * @param dataType FLOAT or DOUBLE, of parameters, inputs and outputs
     * @param inChannels    channels of the input images
     * @param height        their height
     * @param width         their width
     * @param outChannels   channels of the output
     * @param kernel        kernel height and width
     * @param stride        stride of the convolution this one transposes
     * @param padding       its padding
     * @param outputPadding rows and columns added at the bottom and right, in {@code [0, stride)}
     * @throws IllegalArgumentException if a size is not positive, the padding is negative, the output padding is
     *                                  not below the stride (PyTorch's rule without dilation), or the output would
     *                                  be empty
     */
    public ConvTranspose2d(Kernels kernels, DataType dataType, int inChannels, int height, int width, int outChannels,
                           int kernel, int stride, int padding, int outputPadding) {
        if (inChannels <= 0 || height <= 0 || width <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0
                || padding < 0) {
            throw new IllegalArgumentException("ConvTranspose2d needs positive channels, sizes, kernel and stride and "
                    + "a non-negative padding, got in " + inChannels + "x" + height + "x" + width + ", out "
                    + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        if (outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("ConvTranspose2d output padding must be in [0, stride " + stride
                    + "), got " + outputPadding);
        }
        int outH = (height - 1) * stride - 2 * padding + kernel + outputPadding;
        int outW = (width - 1) * stride - 2 * padding + kernel + outputPadding;
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("ConvTranspose2d of " + inChannels + "x" + height + "x" + width
                    + " with kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + " has an empty output " + outH + "x" + outW);
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.inChannels = inChannels;
        this.height = height;
        this.width = width;
        this.outChannels = outChannels;
        this.geometry = new ConvGeometry(outChannels, outH, outW, kernel, stride, padding);
        if (geometry.outHeight() != height || geometry.outWidth() != width) {
            throw new IllegalStateException("ConvTranspose2d: " + geometry + " does not invert to " + height + "x"
                    + width);
        }
        this.name = "ConvTranspose2d(" + inChannels + "x" + height + "x" + width + " -> " + outChannels + "x" + outH
                + "x" + outW + ", k" + kernel + " s" + stride + " p" + padding + " op" + outputPadding + ")";
        int positions = height * width;
        int patch = geometry.patchSize();
        this.outputs = new BatchBuffers(dataType, geometry.imageSize());
        this.inputGradients = new BatchBuffers(dataType, inChannels * positions);
        this.inputByChannel = new BatchBuffers(dataType, rows -> new long[] {inChannels, rows * positions});
        this.inputGradientByChannel = new BatchBuffers(dataType, rows -> new long[] {inChannels, rows * positions});
        this.columns = new BatchBuffers(dataType, rows -> new long[] {patch, rows * positions});
    }

    /** {@return the output shape, as the input of the convolution this layer transposes} */
    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public int inputSize() {
        return inChannels * height * width;
    }

    @Override
    public int outputSize() {
        return geometry.imageSize();
    }

    @Override
    public long parameterCount() {
        return (long) inChannels * geometry.patchSize() + outChannels;
    }

    @Override
    public void bind(INDArray params, INDArray grads) {
        long w = (long) inChannels * geometry.patchSize();
        weight = params.get(NDArrayIndex.interval(0, w)).reshape('c', inChannels, geometry.patchSize());
        bias = params.get(NDArrayIndex.interval(w, w + outChannels));
        weightGrad = grads.get(NDArrayIndex.interval(0, w)).reshape('c', inChannels, geometry.patchSize());
        biasGrad = grads.get(NDArrayIndex.interval(w, w + outChannels));
    }

    @Override
    public void initialize(SeededRandom random) {
        double bound = 1 / Math.sqrt(geometry.patchSize()); // fan-in = out * k * k, as PyTorch computes it
        Initializers.uniform(weight, random, bound);
        Initializers.uniform(bias, random, bound);
    }

    /** The weight is {@code [in, out*k*k]} here; PyTorch's {@code [in, out, k, k]} is the same values in c-order. */
    @Override
    public List<NamedParameter> parameters() {
        return List.of(new NamedParameter("weight", weight, weightGrad), new NamedParameter("bias", bias, biasGrad));
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, inputSize(), dataType);
        long rows = x.rows();
        INDArray xc = inputByChannel.get(rows);
        kernels.imagesToChannels(x, inChannels, xc);
        INDArray y = outputs.get(rows);
        kernels.transposedConvolution(weight, xc, geometry, bias, y);
        lastInputByChannel = xc;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(name, dy, lastOutput);
        long rows = dy.rows();
        INDArray dcol = columns.get(rows);
        kernels.im2col(dy, geometry, dcol);
        if (parameterGradients != GradientMode.SKIP) {
            boolean accumulate = parameterGradients == GradientMode.ACCUMULATE;
            kernels.gemm(lastInputByChannel, false, dcol, true, weightGrad, 1.0, accumulate ? 1.0 : 0.0);
            kernels.channelSums(dy, outChannels, biasGrad, accumulate);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dxc = inputGradientByChannel.get(rows);
        kernels.gemm(weight, false, dcol, false, dxc, 1.0, 0.0);
        INDArray dx = inputGradients.get(rows);
        kernels.channelsToImages(dxc, inChannels, null, dx);
        return dx;
    }

    @Override
    public String toString() {
        return name;
    }
}
