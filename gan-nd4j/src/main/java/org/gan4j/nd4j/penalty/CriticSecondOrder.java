package org.gan4j.nd4j.penalty;

import java.util.List;
import org.gan4j.Network;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.BatchBuffers;
import org.gan4j.nd4j.layers.GradientMode;
import org.gan4j.nd4j.layers.Layer;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.layers.TwiceDifferentiable;
import org.gan4j.nd4j.layers.TwiceDifferentiable.DualGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The critic's input gradient and the parameter gradient of a function of it, which is what a gradient penalty
 * needs. For a penalty {@code P(g)} of {@code g = grad_x sum_i D(x_i)} (row {@code i} of {@code g} is
 * {@code grad D(x_i)}: the supported layers never mix examples), the chain rule gives
 * {@code dP/dtheta = d/dtheta sum_i v_i . grad D(x_i)} with {@code v = dP/dg} held fixed: the parameter gradient of
 * the directional derivative of D along {@code v}. That is a tangent pass ({@link TwiceDifferentiable#tangentForward},
 * forward mode, seeded with {@code v}) followed by backpropagation of the summed output tangent through both the
 * primal and the tangent stream ({@link TwiceDifferentiable#tangentBackward}).
 *
 * <p>Cost: {@link #inputGradient} is one forward pass and one backward pass without parameter gradients;
 * {@link #addParameterGradient} is one tangent forward pass (a GEMM per dense or convolution layer, like a forward)
 * and one backward pass with parameter gradients (like a normal backward; layers below a tanh or sigmoid also carry
 * the primal stream, which doubles their GEMMs). About twice a normal forward and backward in all.
 *
 * <p>Both calls use the critic's layer buffers: a forward pass of the critic in between invalidates the state the
 * second call needs, and the penalty's forward pass invalidates the state of an earlier forward (run the loss's
 * backward pass first). Buffers are allocated once per batch size.
 */
public final class CriticSecondOrder {

    private final Kernels kernels;
    private final Network critic;
    private final List<Layer> layers;
    /** Columns of ones: the output gradient of {@code sum_i D(x_i)} and of the summed output tangent. */
    private final BatchBuffers ones;
    private INDArray lastInput;

    /**
     * Second-order passes over {@code critic}.
     *
     * @param kernels the arithmetic (the critic's own kernels)
     * @param critic  a {@link Sequential} network of one output whose layers all have a double-backward
     * @throws IllegalArgumentException if the critic is not a {@link Sequential}, has more than one output, or has a
     *                                  layer without a double-backward (see {@link #requireSupported})
     */
    public CriticSecondOrder(Kernels kernels, Network critic) {
        requireSupported(critic, "critic");
        if (critic.outputSize() != 1) {
            throw new IllegalArgumentException("a gradient penalty needs a critic of one output per example, got "
                    + critic.outputSize() + " outputs");
        }
        this.kernels = kernels;
        this.critic = critic;
        this.layers = ((Sequential) critic).layers();
        this.ones = BatchBuffers.filled(critic.dataType(), 1, 1.0);
    }

    /**
     * Checks that a gradient penalty can differentiate {@code network} twice: it is a {@link Sequential} and every
     * layer is {@link TwiceDifferentiable} (batch normalisation and dropout are not).
     *
     * @param network the critic
     * @param role    what the message calls it, e.g. {@code "discriminator"}
     * @throws IllegalArgumentException naming the first layer that has no double-backward and its position
     */
    public static void requireSupported(Network network, String role) {
        if (!(network instanceof Sequential s)) {
            throw new IllegalArgumentException("a gradient penalty needs a " + role + " built from layers "
                    + "(org.gan4j.nd4j.layers.Sequential), got " + network.getClass().getName());
        }
        TwiceDifferentiable.requireAll(s.layers(), role);
    }

    /**
     * {@code g = grad_x sum_i D(x_i)}: a forward pass in train mode and a backward pass of ones, which leaves the
     * parameter gradients alone. Row {@code i} is the gradient of {@code D(x_i)}.
     *
     * @param x {@code [batch, critic.inputSize()]}, the points where the gradient is taken; read, and must stay
     *          unchanged until {@link #addParameterGradient}
     * @return {@code [batch, critic.inputSize()]}: a buffer of the critic's first layer (or {@code x}'s own for a
     *         first layer that changes nothing), overwritten by the critic's next backward pass
     */
    public INDArray inputGradient(INDArray x) {
        critic.forward(x, true);
        INDArray dOut = ones.get(x.rows()); // read only: layers never write to their output gradient
        lastInput = x;
        return critic.backwardInput(dOut);
    }

    /**
     * {@link #inputGradient} at the interpolates {@code x_i = w_i a_i + (1 - w_i) b_i}, right after the critic's
     * forward pass over {@code [a; b]} in training mode with the same parameters: the critic's first affine layer
     * interpolates its outputs instead of multiplying again ({@link Sequential#forwardInterpolated}), which saves a
     * matrix product of the size of a forward pass's largest one.
     *
     * @param x       the interpolates; read, and must stay unchanged until {@link #addParameterGradient}
     * @param weights {@code w}, one per row of {@code x}
     * @return as {@link #inputGradient}
     */
    public INDArray inputGradientAtInterpolates(INDArray x, double[] weights) {
        ((Sequential) critic).forwardInterpolated(x, weights);
        INDArray dOut = ones.get(x.rows());
        lastInput = x;
        return critic.backwardInput(dOut);
    }

    /**
     * Adds {@code d/dtheta sum_i v_i . grad D(x_i)} to the critic's gradient buffer, at the {@code x} of the last
     * {@link #inputGradient} call (whose forward state it uses).
     *
     * @param v {@code [batch, critic.inputSize()]}, the direction per example ({@code dP/dg} for a penalty {@code P});
     *          read, and must stay unchanged during the call
     * @throws IllegalStateException    if {@link #inputGradient} was not called first
     * @throws IllegalArgumentException if {@code v}'s shape differs from that call's input
     */
    public void addParameterGradient(INDArray v) {
        if (lastInput == null) {
            throw new IllegalStateException("addParameterGradient needs inputGradient(x) first");
        }
        if (v.rows() != lastInput.rows() || v.columns() != lastInput.columns()) {
            throw new IllegalArgumentException("direction v must be [" + lastInput.rows() + ", " + lastInput.columns()
                    + "] like the input, got [" + v.rows() + ", " + v.columns() + "]");
        }
        critic.gradients(); // performs a deferred zeroing, so that every layer can add below
        INDArray tangent = v;
        for (Layer layer : layers) {
            tangent = ((TwiceDifferentiable) layer).tangentForward(tangent);
        }
        INDArray dTangent = ones.get(v.rows()); // the output tangent's gradient: the sum's, 1 per example
        INDArray dy = null; // the output itself does not enter the sum
        for (int i = layers.size() - 1; i >= 0; i--) {
            DualGradient d = ((TwiceDifferentiable) layers.get(i)).tangentBackward(dy, dTangent,
                    GradientMode.ACCUMULATE, i > 0);
            if (d != null) {
                dy = d.primal();
                dTangent = d.tangent();
            }
        }
    }

    /** {@return the critic these passes run over} */
    public Network critic() {
        return critic;
    }

    /** {@return the kernels these passes compute with} */
    Kernels kernels() {
        return kernels;
    }
}
