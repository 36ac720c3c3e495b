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
}
