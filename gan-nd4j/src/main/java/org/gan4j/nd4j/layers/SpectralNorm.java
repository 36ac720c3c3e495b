package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * PyTorch 1.13's {@code torch.nn.utils.spectral_norm} around a layer with a weight matrix and a bias ({@link Dense},
 * {@link Conv2d}): the wrapped layer computes with {@code W / sigma}, where {@code W} is the trained weight
 * ({@code weight_orig}) as a matrix {@code [out, rest]} (a convolution's {@code [out, in*k*k]}, PyTorch's
 * {@code reshape(out, -1)}) and {@code sigma = u^T W v} estimates its largest singular value. The same shapes in and
 * out as the wrapped layer.
 *
 * <p><b>Power iteration.</b> A train-mode forward first updates {@code v = normalize(W^T u)}, then
 * {@code u = normalize(W v)} (in that order, {@code normalize(x) = x / max(|x|, 1e-12)}), once; an eval-mode forward
 * uses {@code u} and {@code v} as they are. {@code u} and {@code v} are the buffers {@code weight_u} and
 * {@code weight_v}, so checkpoints and generator files save them; they start as normal vectors, normalised, drawn
 * from the layer's own seed (PyTorch draws them from its global generator), so wrapping a layer changes no other
 * layer's initial parameters.
 *
 * <p><b>Backward.</b> {@code u} and {@code v} are constants, as in PyTorch (which computes them under
 * {@code no_grad}): with {@code G} the gradient of the normalised weight,
 * {@code dW = G / sigma - (<G, W> / sigma^2) u v^T}.
 *
 * <p><b>How.</b> The wrapped layer is bound to a private parameter buffer that holds {@code W / sigma} (written
 * before each forward) and a copy of the bias, and to a private gradient buffer from which the backward pass maps the
 * gradients onto the network's {@code weight_orig} and {@code bias}. So the wrapped layer's own arithmetic (either
 * kernel path) runs unchanged. The vector work here is GEMMs too: a matrix-vector product is a GEMM with one column,
 * a dot product one with a 1 x 1 result, and {@code y = a x + b y} one with an inner dimension of 1, so both kernel
 * paths do it in their own way without a kernel method of its own.
 */
public final class SpectralNorm implements Layer {

    /** PyTorch's default, the floor of a norm in {@code normalize}. */
    static final double EPS = 1e-12;

    private final Kernels kernels;
    private final DataType dataType;
    private final Layer wrapped;
    private final long seed;
    private final String name;
    private final int rows;
    private final int cols;
    private final long weightSize;

    /** The wrapped layer's parameters: {@code W / sigma} and a copy of the bias. */
    private final INDArray innerParams;
    private final INDArray innerWeightColumn;
    private final INDArray innerBias;
    /** The wrapped layer's gradients with respect to them. */
    private final INDArray innerGrads;
    private final INDArray innerWeightGradColumn;
    private final INDArray innerBiasGrad;

    /** {@code weight_u}, {@code [out]}, and {@code weight_v}, {@code [rest]}: the buffers. */
    private final INDArray u;
    private final INDArray v;
    private final INDArray uColumn;
    private final INDArray vColumn;
    /** {@code W^T u} and {@code W v} before they are normalised. */
    private final INDArray wtu;
    private final INDArray wv;
    /** A 1 x 1 result, and a 1 x 1 one for scaling. */
    private final INDArray scalar;
    private final INDArray one;

    private INDArray params;
    private INDArray weight;
    private INDArray weightColumn;
    private INDArray bias;
    private INDArray weightGradColumn;
    private INDArray weightGrad;
    private INDArray biasGrad;

    /** The {@code sigma} of the last forward pass. */
    private double sigma = Double.NaN;
    private boolean powerIteration = true;

    /**
     * Wraps a new, unbound layer.
     *
     * @param kernels  the arithmetic of the power iteration and the gradient mapping
     * @param dataType FLOAT or DOUBLE, the wrapped layer's
     * @param wrapped  a layer whose parameters are a {@code weight} matrix {@code [out, rest]} and a {@code bias}
     *                 {@code [out]}, in that order in its buffer ({@link Dense}, {@link Conv2d}); bound here, so it
     *                 must not be bound or used elsewhere
     * @param seed     the seed of {@code u} and {@code v}'s initial values
     * @throws IllegalArgumentException if {@code wrapped} has other parameters
     */
    public SpectralNorm(Kernels kernels, DataType dataType, Layer wrapped, long seed) {
        this.kernels = kernels;
        this.dataType = dataType;
        this.wrapped = wrapped;
        this.seed = seed;
        this.name = "SpectralNorm(" + wrapped + ")";
        long count = wrapped.parameterCount();
        this.innerParams = Nd4j.zeros(dataType, count);
        this.innerGrads = Nd4j.zeros(dataType, count);
        wrapped.bind(innerParams, innerGrads);
        List<NamedParameter> p = wrapped.parameters();
        if (p.size() != 2 || !p.get(0).name().equals("weight") || p.get(0).value().rank() != 2
                || !p.get(1).name().equals("bias")
                || p.get(1).value().length() != p.get(0).value().size(0)
                || p.get(0).value().length() + p.get(1).value().length() != count) {
            throw new IllegalArgumentException("spectral normalisation needs a layer with a weight [out, in] and a "
                    + "bias [out], got " + wrapped + " with " + p.stream().map(NamedParameter::name).toList());
        }
        this.rows = Math.toIntExact(p.get(0).value().size(0));
        this.cols = Math.toIntExact(p.get(0).value().size(1));
        this.weightSize = (long) rows * cols;
        this.innerWeightColumn = innerParams.get(NDArrayIndex.interval(0, weightSize)).reshape('c', weightSize, 1);
        this.innerBias = innerParams.get(NDArrayIndex.interval(weightSize, count));
        this.innerWeightGradColumn = innerGrads.get(NDArrayIndex.interval(0, weightSize))
                .reshape('c', weightSize, 1);
        this.innerBiasGrad = innerGrads.get(NDArrayIndex.interval(weightSize, count));
        this.u = Nd4j.zeros(dataType, rows);
        this.v = Nd4j.zeros(dataType, cols);
        this.uColumn = u.reshape('c', rows, 1);
        this.vColumn = v.reshape('c', cols, 1);
        this.wtu = Nd4j.zeros(dataType, cols, 1);
        this.wv = Nd4j.zeros(dataType, rows, 1);
        this.scalar = Nd4j.zeros(dataType, 1, 1);
        this.one = Nd4j.ones(dataType, 1, 1);
    }

    /** {@return the layer whose weight is normalised} */
    public Layer wrapped() {
        return wrapped;
    }

    @Override
    public int inputSize() {
        return wrapped.inputSize();
    }

    @Override
    public int outputSize() {
        return wrapped.outputSize();
    }

    @Override
    public long parameterCount() {
        return wrapped.parameterCount();
    }

    @Override
    public void bind(INDArray params, INDArray grads) {
        long count = parameterCount();
        this.params = params;
        weightColumn = params.get(NDArrayIndex.interval(0, weightSize)).reshape('c', weightSize, 1);
        weight = params.get(NDArrayIndex.interval(0, weightSize)).reshape('c', rows, cols);
        bias = params.get(NDArrayIndex.interval(weightSize, count));
        weightGradColumn = grads.get(NDArrayIndex.interval(0, weightSize)).reshape('c', weightSize, 1);
        weightGrad = grads.get(NDArrayIndex.interval(0, weightSize)).reshape('c', rows, cols);
        biasGrad = grads.get(NDArrayIndex.interval(weightSize, count));
    }

    /**
     * The wrapped layer's initialisation (drawn from {@code random} exactly as without the wrapper) into
     * {@code weight_orig} and {@code bias}; then {@code u} and {@code v} from the layer's own seed: standard normal
     * values, {@code u} first, each vector normalised.
     */
    @Override
    public void initialize(SeededRandom random) {
        wrapped.initialize(random);
        kernels.copy(innerParams, params);
        SeededRandom own = new SeededRandom(seed);
        u.assign(normalGaussian(own, rows).castTo(u.dataType()));
        v.assign(normalGaussian(own, cols).castTo(v.dataType()));
    }

    private static INDArray normalGaussian(SeededRandom random, int n) {
        double[] x = new double[n];
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            sumOfSquares += x[i] * x[i];
        }
        double norm = Math.max(Math.sqrt(sumOfSquares), EPS);
        for (int i = 0; i < n; i++) {
            x[i] /= norm;
        }
        return Nd4j.createFromArray(x);
    }

    /** PyTorch's names: {@code weight_orig} is the trained weight, {@code weight = weight_orig / sigma} is not kept. */
    @Override
    public List<NamedParameter> parameters() {
        return List.of(new NamedParameter("weight_orig", weight, weightGrad),
                new NamedParameter("bias", bias, biasGrad));
    }

    @Override
    public List<NamedBuffer> buffers() {
        return List.of(new NamedBuffer("weight_u", u), new NamedBuffer("weight_v", v));
    }

    /**
     * For gradient checks: whether a train-mode forward runs the power iteration (the default). Off, it uses
     * {@code u} and {@code v} as they are, so the forward pass is the function of the weight that the backward pass
     * differentiates.
     *
     * @param on false to freeze {@code u} and {@code v}
     */
    void powerIteration(boolean on) {
        this.powerIteration = on;
    }

    /** {@return the {@code sigma} the last forward pass divided the weight by} */
    double sigma() {
        return sigma;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, inputSize(), dataType); // before u and v move
        if (training && powerIteration) {
            kernels.gemm(weight, true, uColumn, false, wtu, 1.0, 0.0);
            scale(wtu, 1 / Math.max(Math.sqrt(dot(wtu, wtu)), EPS), vColumn, 0.0);
            kernels.gemm(weight, false, vColumn, false, wv, 1.0, 0.0);
            scale(wv, 1 / Math.max(Math.sqrt(dot(wv, wv)), EPS), uColumn, 0.0);
        } else {
            kernels.gemm(weight, false, vColumn, false, wv, 1.0, 0.0);
        }
        sigma = dot(uColumn, wv);
        scale(weightColumn, 1 / sigma, innerWeightColumn, 0.0);
        kernels.copy(bias, innerBias);
        return wrapped.forward(x, training);
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        if (parameterGradients == GradientMode.SKIP) {
            return wrapped.backward(dy, GradientMode.SKIP, inputGradient);
        }
        INDArray dx = wrapped.backward(dy, GradientMode.OVERWRITE, inputGradient);
        // <G, W> / sigma^2 = <G, W / sigma> / sigma, with W / sigma the weight the forward pass used.
        double c = dot(innerWeightGradColumn, innerWeightColumn) / sigma;
        boolean accumulate = parameterGradients == GradientMode.ACCUMULATE;
        scale(innerWeightGradColumn, 1 / sigma, weightGradColumn, accumulate ? 1.0 : 0.0);
        kernels.gemm(uColumn, false, vColumn, true, weightGrad, -c, 1.0);
        if (accumulate) {
            kernels.add(innerBiasGrad, biasGrad);
        } else {
            kernels.copy(innerBiasGrad, biasGrad);
        }
        return dx;
    }

    /** {@code a . b} of two columns {@code [n, 1]}. */
    private double dot(INDArray a, INDArray b) {
        kernels.gemm(a, true, b, false, scalar, 1.0, 0.0);
        return scalar.getDouble(0);
    }

    /** {@code y = alpha x + beta y} of two columns {@code [n, 1]} (beta 0: {@code y} is only written). */
    private void scale(INDArray x, double alpha, INDArray y, double beta) {
        kernels.gemm(x, false, one, false, y, alpha, beta);
    }

    @Override
    public String toString() {
        return name;
    }
}
