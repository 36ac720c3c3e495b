package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation, PyTorch's {@code nn.BatchNorm2d(channels)} over the channels of NCHW image rows
 * ({@link #twoD}) and {@code nn.BatchNorm1d(features)} over the features of plain rows ({@link #oneD}):
 * {@code [batch, C*P] -> [batch, C*P]}, {@code y = gamma (x - mean) / sqrt(var + eps) + beta} per channel, with
 * PyTorch's defaults: {@code eps = 1e-5}, {@code momentum = 0.1}, gamma 1 and beta 0 (trainable, named
 * {@code weight} and {@code bias}), running mean 0 and variance 1 ({@link #buffers()}, named {@code running_mean}
 * and {@code running_var}).
 *
 * <p>Train mode ({@code forward(x, true)}): normalises with the batch's mean and biased variance (over the batch
 * and the positions), and updates {@code running = (1 - momentum) running + momentum batch}, with the
 * <em>unbiased</em> variance for {@code running_var}; backward goes through the batch statistics. Eval mode: the
 * running statistics, and backward is the affine map's. PyTorch's {@code num_batches_tracked} is not kept: it only
 * matters when momentum is unset.
 */
public final class BatchNorm implements Layer {

    /** PyTorch's default {@code eps}. */
    public static final double EPS = 1e-5;
    /** PyTorch's default {@code momentum}. */
    public static final double MOMENTUM = 0.1;

    private final Kernels kernels;
    private final DataType dataType;
    private final int channels;
    private final int positions;
    private final String name;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;

    private final INDArray runningMean;
    private final INDArray runningVar;
    private final INDArray batchMean;
    private final INDArray batchVar;
    private final INDArray invStd;
    /** Backward's per-channel sums, {@code [2, C]}: {@code sum(dy xhat)} then {@code sum(dy)}. */
    private final INDArray sums;

    private INDArray gamma;
    private INDArray beta;
    private INDArray gammaGrad;
    private INDArray betaGrad;
    /** Gamma's and beta's gradients as one {@code [2, C]} view, the layout of {@link #sums}. */
    private INDArray grads;

    private INDArray lastInput;
    private INDArray lastOutput;
    private INDArray lastMean;
    private boolean lastTraining;

    /** Weight of the current batch in the running statistics. */
    private double momentum = MOMENTUM;
    /** Added to the variance before the square root. */
    private double eps = EPS;

    private BatchNorm(Kernels kernels, DataType dataType, int channels, int positions, String name) {
        if (channels <= 0 || positions <= 0) {
            throw new IllegalArgumentException(name + ": channels and positions must be positive, got " + channels
                    + " and " + positions);
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.channels = channels;
        this.positions = positions;
        this.name = name;
        this.outputs = new BatchBuffers(dataType, channels * positions);
        this.inputGradients = new BatchBuffers(dataType, channels * positions);
        this.runningMean = Nd4j.zeros(dataType, channels);
        this.runningVar = Nd4j.ones(dataType, channels);
        this.batchMean = Nd4j.zeros(dataType, channels);
        this.batchVar = Nd4j.zeros(dataType, channels);
        this.invStd = Nd4j.zeros(dataType, channels);
        this.sums = Nd4j.zeros(dataType, 2, channels);
    }

    /**
     * {@code nn.BatchNorm2d(channels)} over rows of {@code channels x height x width} images.
     *
     * @param kernels  the arithmetic (the CPU fast path or the portable ND4J ops)
     * @param dataType FLOAT or DOUBLE, of parameters, inputs and outputs
     * @param channels normalised separately, each over the batch and its {@code height * width} positions
     * @param height   image height
     * @param width    image width
     * @return the layer
     */
    public static BatchNorm twoD(Kernels kernels, DataType dataType, int channels, int height, int width) {
        return new BatchNorm(kernels, dataType, channels, height * width,
                "BatchNorm2d(" + channels + "x" + height + "x" + width + ")");
    }

    /**
     * Other settings than PyTorch's defaults ({@code nn.BatchNorm2d(c, eps=..., momentum=...)}).
     *
     * @param momentum weight of the current batch in the running statistics, in (0, 1]
     * @param eps      added to the variance before the square root, positive
     * @return this layer
     * @throws IllegalArgumentException for a value outside its range
     */
    public BatchNorm withMomentumAndEps(double momentum, double eps) {
        if (!(momentum > 0 && momentum <= 1) || !(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException(name + ": momentum must be in (0, 1] and eps positive, got " + momentum
                    + " and " + eps);
        }
        this.momentum = momentum;
        this.eps = eps;
        return this;
    }

    /**
     * {@code nn.BatchNorm1d(features)} over rows of {@code features} values.
     *
     * @param kernels  the arithmetic (the CPU fast path or the portable ND4J ops)
     * @param dataType FLOAT or DOUBLE, of parameters, inputs and outputs
     * @param features normalised separately, each over the batch
     * @return the layer
     */
    public static BatchNorm oneD(Kernels kernels, DataType dataType, int features) {
        return new BatchNorm(kernels, dataType, features, 1, "BatchNorm1d(" + features + ")");
    }

    @Override
    public int inputSize() {
        return channels * positions;
    }

    @Override
    public int outputSize() {
        return channels * positions;
    }

    @Override
    public long parameterCount() {
        return 2L * channels;
    }

    @Override
    public void bind(INDArray params, INDArray grads) {
        INDArray p = params.reshape('c', 2, channels);
        gamma = p.getRow(0);
        beta = p.getRow(1);
        this.grads = grads.reshape('c', 2, channels);
        gammaGrad = this.grads.getRow(0);
        betaGrad = this.grads.getRow(1);
    }

    /** Gamma 1, beta 0, as PyTorch; draws nothing. */
    @Override
    public void initialize(SeededRandom random) {
        gamma.assign(1);
        beta.assign(0);
    }

    @Override
    public List<NamedParameter> parameters() {
        return List.of(new NamedParameter("weight", gamma, gammaGrad), new NamedParameter("bias", beta, betaGrad));
    }

    @Override
    public List<NamedBuffer> buffers() {
        return List.of(new NamedBuffer("running_mean", runningMean), new NamedBuffer("running_var", runningVar));
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, channels * positions, dataType);
        long count = x.rows() * positions;
        INDArray y = outputs.get(x.rows());
        if (training) {
            if (count < 2) {
                throw new IllegalArgumentException(name + ": train mode needs more than 1 value per channel, got "
                        + "input " + java.util.Arrays.toString(x.shape()));
            }
            kernels.channelMeanVariance(x, channels, batchMean, batchVar);
            kernels.movingAverage(runningMean, batchMean, momentum, 1);
            kernels.movingAverage(runningVar, batchVar, momentum, count / (count - 1.0));
            kernels.batchNorm(x, channels, batchMean, batchVar, eps, gamma, beta, invStd, y);
            lastMean = batchMean;
        } else {
            kernels.batchNorm(x, channels, runningMean, runningVar, eps, gamma, beta, invStd, y);
            lastMean = runningMean;
        }
        lastTraining = training;
        lastInput = x;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(name, dy, lastOutput);
        if (parameterGradients == GradientMode.SKIP && !inputGradient) {
            return null;
        }
        INDArray dx = inputGradient ? inputGradients.get(dy.rows()) : null;
        kernels.batchNormBackward(lastInput, dy, channels, lastMean, invStd, gamma, lastTraining, sums, dx);
        if (parameterGradients == GradientMode.ACCUMULATE) {
            kernels.add(sums, grads);
        } else if (parameterGradients == GradientMode.OVERWRITE) {
            kernels.copy(sums, grads);
        }
        return dx;
    }

    @Override
    public String toString() {
        return name;
    }
}
