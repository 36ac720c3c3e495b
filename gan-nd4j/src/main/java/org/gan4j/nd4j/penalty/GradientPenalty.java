package org.gan4j.nd4j.penalty;

import org.gan4j.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A penalty on the critic's input gradient, added to the critic's loss in its update: computes its value and
 * <em>adds</em> its parameter gradient to the critic's gradient buffer, so that a critic step is
 * {@code zeroGrad(); loss backward; penalty.addGradient(...); optimizer step} (in either order of the last two
 * gradient contributions, but after the loss's backward pass: the penalty runs its own forward pass through the
 * critic). Implementations: {@link WganGpPenalty} and {@link R1Penalty}; both run on {@link CriticSecondOrder}.
 */
public interface GradientPenalty {

    /** {@return a short name for metrics, e.g. {@code "gp"}} */
    String name();

    /**
     * Computes the penalty of one critic step and adds its parameter gradient to the critic's gradients.
     *
     * @param real   the real batch, {@code [batch, critic.inputSize()]}
     * @param fake   the fake batch of the same shape, detached (the generator gets no gradient from a penalty)
     * @param random the penalty's own stream (WGAN-GP's interpolation weights, one per example; R1 draws nothing)
     * @return the penalty's value, already scaled by its weight (lambda, gamma / 2)
     * @throws IllegalArgumentException if the batches' shapes differ or do not fit the critic
     */
    double addGradient(INDArray real, INDArray fake, SeededRandom random);

    /**
     * {@link #addGradient} right after the critic's forward pass (training mode) over {@code real} and {@code fake}
     * as one batch, real rows first, with its parameters unchanged since: a penalty may reuse that pass's state
     * (WGAN-GP's interpolates between the two are a row-wise interpolation of the first affine layer's outputs). The
     * same value and gradient up to rounding; by default, {@link #addGradient}.
     *
     * @param real   the real batch, the first half of the critic's last forward pass
     * @param fake   the fake batch, its second half
     * @param random the penalty's own stream, read as {@link #addGradient} reads it
     * @return as {@link #addGradient}
     */
    default double addGradientAfterJointForward(INDArray real, INDArray fake, SeededRandom random) {
        return addGradient(real, fake, random);
    }
}
