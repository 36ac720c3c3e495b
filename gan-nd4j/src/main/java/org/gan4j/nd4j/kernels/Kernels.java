package org.gan4j.nd4j.kernels;

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

    /** Adds the column sums of {@code dy} ({@code [rows, cols]}) to {@code db} ({@code [cols]}). */
    void addColumnSums(INDArray dy, INDArray db);

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
     * One Adam step with PyTorch's semantics over flat buffers of equal length: {@code m = b1 m + (1-b1) g},
     * {@code v = b2 v + (1-b2) g^2}, {@code p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
     *
     * @param scratch a buffer of the same length, overwritten
     * @param step    {@code t}, from 1
     */
    void adam(INDArray params, INDArray grads, INDArray m, INDArray v, INDArray scratch, double lr, double beta1,
              double beta2, double eps, long step);

    /** Copies {@code src[0, dst.length())} into {@code dst}, converting to its type. */
    void copyFromHost(float[] src, INDArray dst);

    /** {@code dst = src}, element by element in c-order. */
    void copy(INDArray src, INDArray dst);

    /** Sets every element to zero. */
    void zero(INDArray a);
}
