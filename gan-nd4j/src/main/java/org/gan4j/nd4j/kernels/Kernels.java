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
