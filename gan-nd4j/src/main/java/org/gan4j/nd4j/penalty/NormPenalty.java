package org.gan4j.nd4j.penalty;

import org.gan4j.Network;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.BatchBuffers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What WGAN-GP and R1 share: {@code P = mean_i term(||g_i||)} of the critic's input gradients {@code g_i} at some
 * points, with parameter gradient through {@link CriticSecondOrder} along {@code v_i = term'(||g_i||) g_i /
 * (||g_i|| batch)}.
 */
abstract class NormPenalty implements GradientPenalty {

    /** The second-order passes over the critic. */
    final CriticSecondOrder second;
    private final Kernels kernels;
    private final BatchBuffers directions;
    private double[] norms = new double[0];
    private double[] scales = new double[0];
    private double meanNorm = Double.NaN;

    NormPenalty(Kernels kernels, Network critic) {
        this.second = new CriticSecondOrder(kernels, critic);
        this.kernels = kernels;
        this.directions = new BatchBuffers(critic.dataType(), critic.inputSize());
    }

    /** {@return the penalty of one example's gradient norm, weight included} */
    abstract double term(double norm);

    /** {@return {@code term'(norm) / norm}, with its limit (or 0, the subgradient PyTorch takes) at norm 0} */
    abstract double slopePerNorm(double norm);

    /**
     * The penalty at {@code x}; with {@code gradient}, its parameter gradient added to the critic's.
     *
     * @param x        {@code [batch, critic.inputSize()]}, the points; unchanged until this returns
     * @param gradient whether to add the parameter gradient
     * @return {@code mean_i term(||grad D(x_i)||)}
     */
    final double penalize(INDArray x, boolean gradient) {
        return penalize(x, null, gradient);
    }

    /**
     * {@link #penalize(INDArray, boolean)}; with {@code interpolation} weights, {@code x} are interpolates between
     * the two halves of the critic's last forward pass, whose state the critic's first affine layer reuses
     * ({@link CriticSecondOrder#inputGradientAtInterpolates}).
     */
    final double penalize(INDArray x, double[] interpolation, boolean gradient) {
        int rows = (int) x.rows();
        if (norms.length < rows) {
            norms = new double[rows];
            scales = new double[rows];
        }
        INDArray g = interpolation == null ? second.inputGradient(x)
                : second.inputGradientAtInterpolates(x, interpolation);
        kernels.rowNorms(g, norms);
        double sum = 0;
        double normSum = 0;
        for (int i = 0; i < rows; i++) {
            sum += term(norms[i]);
            normSum += norms[i];
            scales[i] = slopePerNorm(norms[i]) / rows;
        }
        meanNorm = normSum / rows;
        if (gradient) {
            INDArray v = directions.get(rows);
            kernels.scaleRows(g, scales, v);
            second.addParameterGradient(v);
        }
        return sum / rows;
    }

    /** {@return the mean input-gradient norm of the last call (a metric: WGAN-GP drives it to 1); NaN before} */
    public final double lastMeanGradientNorm() {
        return meanNorm;
    }

    static double requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + value);
        }
        return value;
    }

    /**
     * Checks a real and a fake batch before anything is computed from them.
     *
     * @throws IllegalArgumentException if they are not both {@code [batch, critic.inputSize()]} of the critic's type
     */
    final void requireBatches(INDArray real, INDArray fake) {
        Network critic = second.critic();
        if (real.rank() != 2 || !java.util.Arrays.equals(real.shape(), fake.shape())
                || real.columns() != critic.inputSize()) {
            throw new IllegalArgumentException("real batch " + java.util.Arrays.toString(real.shape())
                    + " and fake batch " + java.util.Arrays.toString(fake.shape()) + " must both be [batch, "
                    + critic.inputSize() + "] (the critic's inputs)");
        }
        if (real.dataType() != critic.dataType() || fake.dataType() != critic.dataType()) {
            throw new IllegalArgumentException("real batch (" + real.dataType() + ") and fake batch ("
                    + fake.dataType() + ") must be of the critic's type " + critic.dataType());
        }
    }
}
