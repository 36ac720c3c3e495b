package org.gan4j.nd4j.penalty;

import org.gan4j.Network;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The R1 penalty (Mescheder et al. 2018): {@code gamma / 2 mean_i ||grad D(x_i)||^2} on the real examples only.
 * Cost per call as {@link WganGpPenalty}'s; it draws no randomness.
 */
public final class R1Penalty extends NormPenalty {

    private final double gamma;

    /**
     * A penalty on {@code critic}.
     *
     * @param kernels the critic's kernels
     * @param critic  a {@link org.gan4j.nd4j.layers.Sequential} of one output whose layers all have a
     *                double-backward
     * @param gamma   the weight, positive (StyleGAN uses 10 at 1024 pixels; small images need less)
     * @throws IllegalArgumentException if {@code gamma} is not positive and finite or the critic has a layer without
     *                                  a double-backward (named, with its position)
     */
    public R1Penalty(Kernels kernels, Network critic, double gamma) {
        super(kernels, critic);
        this.gamma = requirePositive("R1 gamma", gamma);
    }

    @Override
    public String name() {
        return "r1";
    }

    /** R1 penalises the real batch only: {@code fake} is checked for its shape and otherwise unused. */
    @Override
    public double addGradient(INDArray real, INDArray fake, SeededRandom random) {
        requireBatches(real, fake);
        return addGradient(real);
    }

    /**
     * The penalty on {@code real}, its parameter gradient added to the critic's gradients.
     *
     * @param real {@code [batch, critic.inputSize()]}, unchanged until this returns
     * @return {@code gamma / 2 mean_i ||grad D(real_i)||^2}
     */
    public double addGradient(INDArray real) {
        return penalize(real, true);
    }

    /**
     * The penalty's value alone; the critic's gradients are left alone.
     *
     * @param real {@code [batch, critic.inputSize()]}
     * @return {@code gamma / 2 mean_i ||grad D(real_i)||^2}
     */
    public double value(INDArray real) {
        return penalize(real, false);
    }

    @Override
    double term(double norm) {
        return gamma / 2 * norm * norm;
    }

    @Override
    double slopePerNorm(double norm) {
        return gamma;
    }
}
