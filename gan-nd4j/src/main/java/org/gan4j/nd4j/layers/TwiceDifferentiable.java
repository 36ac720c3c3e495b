package org.gan4j.nd4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose input gradient can itself be differentiated with respect to its parameters: what a gradient
 * penalty (WGAN-GP, R1) needs of every layer of the critic. A layer that is not twice differentiable here (batch
 * normalisation, whose examples are coupled through the batch statistics; dropout) simply does not implement it, and
 * a penalty refuses a network containing one when it is set up ({@code org.gan4j.nd4j.penalty}).
 *
 * <p>The machinery is forward-mode over the primal pass, then reverse mode over both. After
 * {@link #forward forward(a, true)}, {@link #tangentForward} maps a tangent {@code adot} of the input to the tangent
 * of the output, {@code ydot = J(a) adot} (the directional derivative of the layer at {@code a} along {@code adot}).
 * {@link #tangentBackward} then backpropagates a scalar that depends on both the output {@code y} and the tangent
 * {@code ydot}: given {@code dy = dL/dy} and {@code dTangent = dL/dydot}, it adds the parameter gradient (through
 * both streams) and returns {@code dL/da} and {@code dL/dadot}. The gradient of {@code sum(v . grad_x D(x))} with
 * respect to the parameters is this pass with {@code adot = v} at the input and {@code dTangent = 1} at the output.
 *
 * <p>Buffers are the layer's own, allocated once per batch size, separate from the primal pass's so that the primal
 * state {@link #forward} kept survives the tangent pass.
 */
public interface TwiceDifferentiable extends Layer {

    /**
     * {@code [batch, inputSize] -> [batch, outputSize]}: the tangent of the output, {@code J(a) adot}, at the input
     * {@code a} of the last {@code forward} call (for a dense or convolution layer the same map without the bias, for
     * an activation {@code f'(a) adot}). Keeps {@code tangent} for {@link #tangentBackward}.
     *
     * @param tangent {@code [batch, inputSize]}, the last forward input's batch size, c-order, of the layer's type;
     *                read, and must stay unchanged until {@link #tangentBackward}
     * @return {@code [batch, outputSize]}: a buffer the layer owns (or {@code tangent} itself for a layer that
     *         changes nothing)
     * @throws IllegalStateException    if there was no forward pass
     * @throws IllegalArgumentException if the shape or type is wrong
     */
    INDArray tangentForward(INDArray tangent);

    /**
     * Backpropagates through the last {@code forward} and {@link #tangentForward} together.
     *
     * @param dy                 {@code [batch, outputSize]}, the gradient with respect to the output; or null when it
     *                           is zero (at the critic's output, where only the tangent is differentiated: the null
     *                           stays null down to the first activation with a nonzero second derivative)
     * @param dTangent           {@code [batch, outputSize]}, the gradient with respect to the output's tangent
     * @param parameterGradients what to do with the parameter gradients (both streams' terms)
     * @param inputGradient      whether the gradients with respect to the input and its tangent are wanted
     * @return the input's gradients, or null when they were not asked for
     * @throws IllegalStateException if there was no tangent pass
     */
    DualGradient tangentBackward(INDArray dy, INDArray dTangent, GradientMode parameterGradients,
                                 boolean inputGradient);

    /**
     * Checks that every layer of a network is twice differentiable, as a gradient penalty needs.
     *
     * @param layers the network's layers, input side first
     * @param role   what the message calls the network, e.g. {@code "discriminator"}
     * @throws IllegalArgumentException naming the first layer without a double-backward and its position
     */
    static void requireAll(java.util.List<? extends Layer> layers, String role) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (!(layer instanceof TwiceDifferentiable)) {
                throw new IllegalArgumentException(role + " layer " + i + " (" + layer + ") has no double-backward, "
                        + "which a gradient penalty needs (the gradient of grad_x D with respect to D's parameters):"
                        + " batchNorm couples the examples of a batch and dropout randomises them; remove it from "
                        + "the " + role);
            }
        }
    }

    /**
     * What {@link #tangentBackward} returns: the gradients with respect to a layer's input and its tangent.
     *
     * @param primal  {@code dL/da}, or null when it is zero
     * @param tangent {@code dL/dadot}, never null
     */
    record DualGradient(INDArray primal, INDArray tangent) {
    }
}
