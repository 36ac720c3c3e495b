/**
 * Gradient penalties on a critic (WGAN-GP, R1) and the second-order machinery they share
 * ({@link org.gan4j.nd4j.penalty.CriticSecondOrder}): the gradient of a function of {@code grad_x D(x)} with respect
 * to D's parameters, by a tangent pass over the critic and backpropagation through it. See docs/architecture.md,
 * "Gradient penalties".
 */
package org.gan4j.nd4j.penalty;
