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

    /** {@return a short name for logs, e.g. {@code "portable"}} */
    String name();

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op} transposes when asked.
     *
     * @param a          a matrix, read
     * @param transposeA whether {@code op(a)} is {@code a}'s transpose
     * @param b          a matrix, read
     * @param transposeB whether {@code op(b)} is {@code b}'s transpose
     * @param c          {@code [rows of op(a), columns of op(b)]}, written (read too unless {@code beta} is 0)
     * @param alpha      scale of the product
     * @param beta       scale of {@code c}'s old value; 0 overwrites it
     */
    void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha, double beta);

    /**
     * Adds {@code bias} to every row of {@code y}.
     *
     * @param y    {@code [rows, cols]}, updated in place
     * @param bias {@code [cols]}, read
     */
    void addRowVector(INDArray y, INDArray bias);

    /**
     * Writes ({@code accumulate} false) or adds (true) the column sums of {@code dy} ({@code [rows, cols]}) to
     * {@code db} ({@code [cols]}).
     *
     * @param dy         {@code [rows, cols]}, read
     * @param db         {@code [cols]}, written or added to
     * @param accumulate whether to add to {@code db} instead of overwriting it
     */
    void columnSums(INDArray dy, INDArray db, boolean accumulate);

    /**
     * {@code out = x > 0 ? x : slope * x}.
     *
     * @param x     the input, read
     * @param out   the same shape, written (may not be {@code x})
     * @param slope the negative slope, in [0, 1)
     */
    void leakyRelu(INDArray x, INDArray out, double slope);

    /**
     * {@code dx = dy * (out > 0 ? 1 : slope)}, from the forward <em>output</em> (for slope &ge; 0 it has the sign of
     * the input).
     *
     * @param out   the forward output, read
     * @param dy    the output gradient, same shape, read
     * @param dx    the input gradient, same shape, written
     * @param slope the negative slope of the forward pass
     */
    void leakyReluBackward(INDArray out, INDArray dy, INDArray dx, double slope);

    /**
     * {@code out = tanh(x)}.
     *
     * @param x   the input, read
     * @param out the same shape, written
     */
    void tanh(INDArray x, INDArray out);

    /**
     * {@code dx = dy * (1 - out^2)}.
     *
     * @param out the forward output, read
     * @param dy  the output gradient, read
     * @param dx  the input gradient, written
     */
    void tanhBackward(INDArray out, INDArray dy, INDArray dx);

    /**
     * {@code out = 1 / (1 + exp(-x))}.
     *
     * @param x   the input, read
     * @param out the same shape, written
     */
    void sigmoid(INDArray x, INDArray out);

    /**
     * {@code dx = dy * out * (1 - out)}.
     *
     * @param out the forward output, read
     * @param dy  the output gradient, read
     * @param dx  the input gradient, written
     */
    void sigmoidBackward(INDArray out, INDArray dy, INDArray dx);

    // ---- second order: backpropagation through a tangent (directional-derivative) pass, for gradient penalties ----

    /**
     * The input gradient of a scalar that depends on tanh's output {@code y = tanh(x)} and on its tangent
     * {@code ydot = (1 - y^2) xdot}: {@code dx = (1 - y^2) (dy - 2 y dTangent xdot)} (tanh'' = -2 y (1 - y^2)).
     *
     * @param out      the forward output {@code y}, read
     * @param dy       the gradient with respect to {@code y}, read; or null when it is zero
     * @param tangent  the tangent of the input, {@code xdot}, read
     * @param dTangent the gradient with respect to {@code ydot}, read
     * @param dx       the gradient with respect to {@code x}, same shape, written
     */
    void tanhSecondBackward(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent, INDArray dx);

    /**
     * The same for the sigmoid, {@code ydot = y (1 - y) xdot}: {@code dx = y (1 - y) (dy + (1 - 2 y) dTangent xdot)}.
     *
     * @param out      the forward output {@code y}, read
     * @param dy       the gradient with respect to {@code y}, read; or null when it is zero
     * @param tangent  the tangent of the input, {@code xdot}, read
     * @param dTangent the gradient with respect to {@code ydot}, read
     * @param dx       the gradient with respect to {@code x}, same shape, written
     */
    void sigmoidSecondBackward(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent, INDArray dx);

    /**
     * {@code out[i, :] = w[i] a[i, :] + (1 - w[i]) b[i, :]}: one weight per row (WGAN-GP's interpolation between
     * real and fake examples).
     *
     * @param a       {@code [rows, cols]}, read
     * @param b       {@code [rows, cols]}, read
     * @param weights one per row, read
     * @param out     {@code [rows, cols]}, written (may be neither {@code a} nor {@code b})
     */
    void interpolateRows(INDArray a, INDArray b, double[] weights, INDArray out);

    /**
     * The Euclidean norm of every row, accumulated in double precision.
     *
     * @param a     {@code [rows, cols]}, read
     * @param norms at least {@code rows} values, written
     */
    void rowNorms(INDArray a, double[] norms);

    /**
     * {@code out[i, :] = scales[i] a[i, :]}.
     *
     * @param a      {@code [rows, cols]}, read
     * @param scales one per row, read
     * @param out    {@code [rows, cols]}, written (may be {@code a})
     */
    void scaleRows(INDArray a, double[] scales, INDArray out);

    /**
     * Binary cross-entropy of {@code sigmoid(logits)} against a constant target, in the stable form
     * {@code max(x, 0) - x * t + log(1 + exp(-|x|))}; writes {@code grad = gradScale * (sigmoid(x) - t)}.
     *
     * @param logits    {@code [rows, 1]}, read
     * @param target    the label of every row, e.g. 1 for real, 0 for fake
     * @param grad      {@code [rows, 1]}, written
     * @param gradScale the loss's weight of each row, e.g. {@code 1 / rows} for a mean
     * @return the sum (not the mean) of the per-row losses, in double precision
     */
    double bceWithLogits(INDArray logits, double target, INDArray grad, double gradScale);

    /**
     * The mean of {@code sigmoid(logits)}: the discriminator's average probability that its inputs are real.
     *
     * @param logits any shape, read
     * @return the mean, in double precision
     */
    double meanSigmoid(INDArray logits);

    /**
     * The plain mean: a critic's average score (objectives whose outputs are not logits).
     *
     * @param values any shape, read
     * @return the mean, in double precision
     */
    double mean(INDArray values);

    // ---- images: rows of NCHW images, [rows, channels * positions], c-order ----

    /**
     * Unfolds image patches into columns: {@code x} {@code [rows, g.imageSize()]} into {@code col}
     * {@code [g.patchSize(), rows * g.positions()]}, {@code col[(c k + i) k + j, n P + oh outW + ow] =
     * x[n, c, oh s - p + i, ow s - p + j]}, zero where that falls in the padding.
     *
     * @param x   the images, read
     * @param g   the convolution's geometry
     * @param col the columns, written
     */
    void im2col(INDArray x, ConvGeometry g, INDArray col);

    /**
     * The adjoint of {@link #im2col}: writes {@code x} {@code [rows, g.imageSize()]} as the sum, at every pixel, of
     * the {@code col} entries that {@code im2col} would have read from it (padding entries are dropped; pixels that
     * no window covers get zero).
     *
     * @param col the columns, {@code [g.patchSize(), rows * g.positions()]}, read
     * @param g   the convolution's geometry
     * @param x   the images, written
     */
    void col2im(INDArray col, ConvGeometry g, INDArray x);

    /**
     * {@code out = col2im(w^T byChannel)}, plus {@code bias[c]} on channel {@code c} of {@code out} when {@code bias}
     * is not null: the transposed convolution ({@code Conv2d}'s input gradient, {@code ConvTranspose2d}'s forward
     * pass) of images grouped by channel ({@link #imagesToChannels}), {@code byChannel} {@code [w.rows,
     * rows * g.positions()]}, {@code w} {@code [w.rows, g.patchSize()]}, {@code out} {@code [rows, g.imageSize()]}.
     * The same as {@link #gemm}, {@link #col2im} and {@link #addChannelBias}; the CPU path works through a few
     * images at a time so that their columns stay in cache, and needs no batch-sized column buffer.
     *
     * @param w         the weights, read
     * @param byChannel the input grouped by channel, read
     * @param g         the geometry of the convolution being transposed ({@code out} is its input)
     * @param bias      per-channel bias of {@code out}, {@code [g.channels()]}, or null for none
     * @param out       the result, written
     */
    void transposedConvolution(INDArray w, INDArray byChannel, ConvGeometry g, INDArray bias, INDArray out);

    /**
     * Regroups images by channel: {@code images} {@code [rows, channels * P]} into {@code byChannel}
     * {@code [channels, rows * P]}, {@code byChannel[c, n P + q] = images[n, c P + q]}.
     *
     * @param images    read
     * @param channels  channels per image
     * @param byChannel written
     */
    void imagesToChannels(INDArray images, int channels, INDArray byChannel);

    /**
     * The inverse of {@link #imagesToChannels}, adding {@code bias[c]} ({@code [channels]}) to channel {@code c}
     * when {@code bias} is not null.
     *
     * @param byChannel {@code [channels, rows * P]}, read
     * @param channels  channels per image
     * @param bias      {@code [channels]}, or null for none
     * @param images    {@code [rows, channels * P]}, written
     */
    void channelsToImages(INDArray byChannel, int channels, INDArray bias, INDArray images);

    /**
     * Adds {@code bias[c]} to every value of channel {@code c} of {@code images}.
     *
     * @param images   {@code [rows, channels * P]}, updated in place
     * @param channels channels per image
     * @param bias     {@code [channels]}, read
     */
    void addChannelBias(INDArray images, int channels, INDArray bias);

    /**
     * Writes ({@code accumulate} false) or adds the per-channel sums of {@code images} (over rows and positions)
     * to {@code sums} ({@code [channels]}).
     *
     * @param images     {@code [rows, channels * P]}, read
     * @param channels   channels per image
     * @param sums       {@code [channels]}, written or added to
     * @param accumulate whether to add to {@code sums} instead of overwriting them
     */
    void channelSums(INDArray images, int channels, INDArray sums, boolean accumulate);

    // ---- batch normalisation over the channels of images (1 position per channel: over features of rows) ----

    /**
     * Per-channel mean and biased variance (divided by {@code rows * P}) of {@code x} over rows and positions,
     * into {@code mean} and {@code variance} ({@code [channels]}).
     *
     * @param x        {@code [rows, channels * P]}, read
     * @param channels channels (features of rows: {@code P = 1})
     * @param mean     written
     * @param variance written
     */
    void channelMeanVariance(INDArray x, int channels, INDArray mean, INDArray variance);

    /**
     * {@code y = gamma[c] (x - mean[c]) / sqrt(variance[c] + eps) + beta[c]}; writes
     * {@code invStd[c] = 1 / sqrt(variance[c] + eps)} ({@code [channels]}) for the backward pass.
     *
     * @param x        {@code [rows, channels * P]}, read
     * @param channels channels
     * @param mean     {@code [channels]}: the batch's (train mode) or the running mean (eval mode), read
     * @param variance {@code [channels]}, read
     * @param eps      added to the variance
     * @param gamma    scale, {@code [channels]}, read
     * @param beta     shift, {@code [channels]}, read
     * @param invStd   {@code [channels]}, written
     * @param y        {@code x}'s shape, written
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
     *
     * @param x               the forward input, read
     * @param dy              the output gradient, {@code x}'s shape, read
     * @param channels        channels
     * @param mean            the mean the forward pass used, read
     * @param invStd          what {@link #batchNorm} wrote, read
     * @param gamma           scale, read
     * @param batchStatistics whether the forward pass normalised with the batch's own statistics (train mode)
     * @param sums            {@code [2, channels]}, written
     * @param dx              the input gradient, {@code x}'s shape, written; or null when it is not wanted
     */
    void batchNormBackward(INDArray x, INDArray dy, int channels, INDArray mean, INDArray invStd, INDArray gamma,
                           boolean batchStatistics, INDArray sums, INDArray dx);

    /**
     * {@code average = (1 - momentum) average + momentum * scale * value}, elementwise (running statistics).
     *
     * @param average  updated in place
     * @param value    the same shape, read
     * @param momentum the weight of the new value, in (0, 1]
     * @param scale    a factor of the value (the unbiased variance's {@code M / (M - 1)}, else 1)
     */
    void movingAverage(INDArray average, INDArray value, double momentum, double scale);

    // ---- elementwise ----

    /**
     * {@code dst += src}.
     *
     * @param src read
     * @param dst the same length, updated in place
     */
    void add(INDArray src, INDArray dst);

    /**
     * {@code out = x * mask * scale}, elementwise (dropout with a 0/1 mask).
     *
     * @param x     read
     * @param mask  the same shape, 0 or 1, read
     * @param scale {@code 1 / (1 - p)}
     * @param out   the same shape, written
     */
    void applyMask(INDArray x, INDArray mask, double scale, INDArray out);

    /**
     * Adam's state for one flat parameter buffer and its gradient buffer, kept wherever this implementation updates
     * fastest (heap arrays on the CPU path).
     *
     * @param params the flat parameter vector the state updates
     * @param grads  the flat gradient vector of the same length
     * @return a new state, with zero moments
     */
    AdamState adamState(INDArray params, INDArray grads);

    /**
     * RMSprop's state for one flat parameter buffer and its gradient buffer (see {@link #adamState}).
     *
     * @param params   the flat parameter vector the state updates
     * @param grads    the flat gradient vector of the same length
     * @param momentum whether to keep a momentum buffer
     * @return a new state, all zeros
     */
    RmsPropState rmsPropState(INDArray params, INDArray grads, boolean momentum);

    /**
     * SGD's state for one flat parameter buffer and its gradient buffer (see {@link #adamState}).
     *
     * @param params   the flat parameter vector the state updates
     * @param grads    the flat gradient vector of the same length
     * @param momentum whether to keep a momentum buffer
     * @return a new state
     */
    SgdState sgdState(INDArray params, INDArray grads, boolean momentum);

    /**
     * An exponential moving average of a flat parameter vector (a generator's EMA), kept wherever this
     * implementation updates fastest (heap arrays on the CPU path); it starts as a copy of {@code live}.
     *
     * @param live    the flat parameter vector that is averaged, read at each update
     * @param average the flat vector of the same length and type that receives the average
     *                ({@link EmaState#publish()})
     * @return a new state
     */
    EmaState emaState(INDArray live, INDArray average);

    /**
     * Copies {@code src[0, dst.length())} into {@code dst}, converting to its type.
     *
     * @param src host values, at least {@code dst.length()} of them
     * @param dst written
     */
    void copyFromHost(float[] src, INDArray dst);

    /**
     * Copies a block of columns row by row, {@code dst[r, dstFrom + j] = src[r, srcFrom + j]} for {@code j <
     * width}: the image and one-hot parts of a conditional discriminator's rows. (ND4J's {@code assign} on such
     * column views runs on libnd4j's OpenMP pool, whose second thread then spins at 100 % of the other core for the
     * whole run: measured on cgan, 13.6 s of a 13.9-s benchmark.)
     *
     * @param src     {@code [rows, *]}, contiguous row-major, read
     * @param srcFrom the first column read
     * @param dst     {@code [rows, *]} of {@code src}'s type, contiguous row-major, written in those columns only
     * @param dstFrom the first column written
     * @param width   how many columns
     */
    void copyColumns(INDArray src, int srcFrom, INDArray dst, int dstFrom, int width);

    /**
     * {@code dst = src}, element by element in c-order.
     *
     * @param src read
     * @param dst the same length, written
     */
    void copy(INDArray src, INDArray dst);

    /**
     * Sets every element to zero.
     *
     * @param a written
     */
    void zero(INDArray a);

    /**
     * The array's values as checkpoint bytes ({@link ArrayBytes#toBytes(INDArray, byte[])}), written into
     * {@code reuse} when it has the right length. The CPU path copies the memory in bulk instead of through
     * temporary Java arrays.
     *
     * @param a     the array
     * @param reuse a buffer to write into, or null
     * @return {@code reuse} or a new array
     */
    default byte[] toBytes(INDArray a, byte[] reuse) {
        return ArrayBytes.toBytes(a, reuse);
    }
}
