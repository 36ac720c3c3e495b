package org.gan4j.nd4j.kernels;

import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic the layers, losses and optimizers need, behind one interface so that a backend can do it its own
 * way: {@link PortableKernels} with ND4J ops (any backend, the reference for tests), and a CPU fast path later.
 *
 * <p>All arrays are c-order; outputs are written, never allocated, unless a method says otherwise. "Rows" are the
 * batch dimension.
 */
public interface Kernels {

    /** A short name for logs, e.g. {@code "portable"}. */
    String name();

    /** {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op} transposes when asked. */
    void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha, double beta);

    /** Adds {@code bias} ({@code [cols]}) to every row of {@code y} ({@code [rows, cols]}). */
    void addRowVector(INDArray y, INDArray bias);

    /**
     * Writes ({@code accumulate} false) or adds (true) the column sums of {@code dy} ({@code [rows, cols]}) to
     * {@code db} ({@code [cols]}).
     */
    void columnSums(INDArray dy, INDArray db, boolean accumulate);

    /** {@code out = x > 0 ? x : slope * x}. */
    void leakyRelu(INDArray x, INDArray out, double slope);

    /**
     * {@code dx = dy * (out > 0 ? 1 : slope)}, from the forward <em>output</em> (for slope &ge; 0 it has the sign of
     * the input).
     */
    void leakyReluBackward(INDArray out, INDArray dy, INDArray dx, double slope);

    /** {@code out = tanh(x)}. */
    void tanh(INDArray x, INDArray out);

    /** {@code dx = dy * (1 - out^2)}. */
    void tanhBackward(INDArray out, INDArray dy, INDArray dx);

    /** {@code out = 1 / (1 + exp(-x))}. */
    void sigmoid(INDArray x, INDArray out);

    /** {@code dx = dy * out * (1 - out)}. */
    void sigmoidBackward(INDArray out, INDArray dy, INDArray dx);

    /**
     * Binary cross-entropy of {@code sigmoid(logits)} against a constant target, in the stable form
     * {@code max(x, 0) - x * t + log(1 + exp(-|x|))}; writes {@code grad = gradScale * (sigmoid(x) - t)}.
     *
     * @return the sum (not the mean) of the per-row losses, in double precision
     */
    double bceWithLogits(INDArray logits, double target, INDArray grad, double gradScale);

    /** The mean of {@code sigmoid(logits)}. */
    double meanSigmoid(INDArray logits);

    // ---- images: rows of NCHW images, [rows, channels * positions], c-order ----

    /**
     * Unfolds image patches into columns: {@code x} {@code [rows, g.imageSize()]} into {@code col}
     * {@code [g.patchSize(), rows * g.positions()]}, {@code col[(c k + i) k + j, n P + oh outW + ow] =
     * x[n, c, oh s - p + i, ow s - p + j]}, zero where that falls in the padding.
     */
    void im2col(INDArray x, ConvGeometry g, INDArray col);

    /**
     * The adjoint of {@link #im2col}: writes {@code x} {@code [rows, g.imageSize()]} as the sum, at every pixel, of
     * the {@code col} entries that {@code im2col} would have read from it (padding entries are dropped; pixels that
     * no window covers get zero).
     */
    void col2im(INDArray col, ConvGeometry g, INDArray x);

    /**
     * {@code out = col2im(w^T byChannel)}, plus {@code bias[c]} on channel {@code c} of {@code out} when {@code bias}
     * is not null: the transposed convolution ({@code Conv2d}'s input gradient, {@code ConvTranspose2d}'s forward
     * pass) of images grouped by channel ({@link #imagesToChannels}), {@code byChannel} {@code [w.rows,
     * rows * g.positions()]}, {@code w} {@code [w.rows, g.patchSize()]}, {@code out} {@code [rows, g.imageSize()]}.
     * The same as {@link #gemm}, {@link #col2im} and {@link #addChannelBias}; the CPU path works through a few
     * images at a time so that their columns stay in cache, and needs no batch-sized column buffer.
     */
    void transposedConvolution(INDArray w, INDArray byChannel, ConvGeometry g, INDArray bias, INDArray out);

    /**
     * Regroups images by channel: {@code images} {@code [rows, channels * P]} into {@code byChannel}
     * {@code [channels, rows * P]}, {@code byChannel[c, n P + q] = images[n, c P + q]}.
     */
    void imagesToChannels(INDArray images, int channels, INDArray byChannel);

    /**
     * The inverse of {@link #imagesToChannels}, adding {@code bias[c]} ({@code [channels]}) to channel {@code c}
     * when {@code bias} is not null.
     */
    void channelsToImages(INDArray byChannel, int channels, INDArray bias, INDArray images);

    /** Adds {@code bias[c]} ({@code [channels]}) to every value of channel {@code c} of {@code images}. */
    void addChannelBias(INDArray images, int channels, INDArray bias);

    /**
     * Writes ({@code accumulate} false) or adds the per-channel sums of {@code images} (over rows and positions)
     * to {@code sums} ({@code [channels]}).
     */
    void channelSums(INDArray images, int channels, INDArray sums, boolean accumulate);

    // ---- batch normalisation over the channels of images (1 position per channel: over features of rows) ----

    /**
     * Per-channel mean and biased variance (divided by {@code rows * P}) of {@code x} over rows and positions,
     * into {@code mean} and {@code variance} ({@code [channels]}).
     */
    void channelMeanVariance(INDArray x, int channels, INDArray mean, INDArray variance);

    /**
     * {@code y = gamma[c] (x - mean[c]) / sqrt(variance[c] + eps) + beta[c]}; writes
     * {@code invStd[c] = 1 / sqrt(variance[c] + eps)} ({@code [channels]}) for the backward pass.
     */
    void batchNorm(INDArray x, int channels, INDArray mean, INDArray variance, double eps, INDArray gamma,
                   INDArray beta, INDArray invStd, INDArray y);

    /**
     * Batch normalisation's backward pass from the forward input {@code x}, with {@code xhat = (x - mean) invStd}:
     * writes {@code sums} {@code [2, channels]}: row 0 {@code sum(dy xhat)} (gamma's gradient), row 1
     * {@code sum(dy)} (beta's), over rows and positions; and, unless {@code dx} is null, the input gradient:
     * through the batch statistics ({@code batchStatistics}, train mode) {@code dx = gamma invStd (dy - sum(dy)/M
     * - xhat sum(dy xhat)/M)} with {@code M = rows * P}, else (fixed statistics, eval mode)
     * {@code dx = gamma invStd dy}.
     */
    void batchNormBackward(INDArray x, INDArray dy, int channels, INDArray mean, INDArray invStd, INDArray gamma,
                           boolean batchStatistics, INDArray sums, INDArray dx);

    /** {@code average = (1 - momentum) average + momentum * scale * value}, elementwise (running statistics). */
    void movingAverage(INDArray average, INDArray value, double momentum, double scale);

    // ---- elementwise ----

    /** {@code dst += src}. */
    void add(INDArray src, INDArray dst);

    /** {@code out = x * mask * scale}, elementwise (dropout with a 0/1 mask). */
    void applyMask(INDArray x, INDArray mask, double scale, INDArray out);

    /**
     * Adam's state for one flat parameter buffer and its gradient buffer, kept wherever this implementation updates
     * fastest (heap arrays on the CPU path).
     */
    AdamState adamState(INDArray params, INDArray grads);

    /** Copies {@code src[0, dst.length())} into {@code dst}, converting to its type. */
    void copyFromHost(float[] src, INDArray dst);

    /** {@code dst = src}, element by element in c-order. */
    void copy(INDArray src, INDArray dst);

    /** Sets every element to zero. */
    void zero(INDArray a);

    /**
     * The array's values as checkpoint bytes ({@link ArrayBytes#toBytes(INDArray, byte[])}), written into
     * {@code reuse} when it has the right length. The CPU path copies the memory in bulk instead of through
     * temporary Java arrays.
     */
    default byte[] toBytes(INDArray a, byte[] reuse) {
        return ArrayBytes.toBytes(a, reuse);
    }
}
