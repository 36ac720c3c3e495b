package org.gan4j.nd4j.optim;

import org.gan4j.Network;
import org.gan4j.nd4j.kernels.AdamState;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba) with PyTorch's semantics: bias-corrected moments, epsilon added after the square root, no
 * weight decay. One pass over the network's flat parameter buffer per step; the kernels decide where the moments
 * live.
 *
 * <p>The optimizer may keep its own copy of the parameters (the CPU path does): after writing
 * {@link Network#parameters()} from outside during training, call {@link #parametersChanged()}.
 */
public final class Adam {

    private final AdamState state;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long step;

    /** An optimizer for all of {@code network}'s parameters, with zero moments. */
    public Adam(Kernels kernels, Network network, double learningRate, double beta1, double beta2, double epsilon) {
        this.state = kernels.adamState(network.parameters(), network.gradients());
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** Applies the current gradients to the parameters. */
    public void step() {
        step++;
        state.update(learningRate, beta1, beta2, epsilon, step);
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /** A copy of the first-moment estimate. */
    public INDArray firstMoment() {
        return state.firstMoment();
    }

    /** A copy of the second-moment estimate. */
    public INDArray secondMoment() {
        return state.secondMoment();
    }

    /** The first moment as checkpoint bytes, written into {@code reuse} when it has the right length. */
    public byte[] firstMomentBytes(byte[] reuse) {
        return state.firstMomentBytes(reuse);
    }

    /** The second moment as checkpoint bytes, written into {@code reuse} when it has the right length. */
    public byte[] secondMomentBytes(byte[] reuse) {
        return state.secondMomentBytes(reuse);
    }

    /** Restores the state a checkpoint saved: both moments and the step count. */
    public void restore(INDArray firstMoment, INDArray secondMoment, long steps) {
        if (firstMoment.length() != secondMoment.length()) {
            throw new IllegalArgumentException("moments of different lengths: " + firstMoment.length() + " and "
                    + secondMoment.length());
        }
        state.restore(firstMoment, secondMoment);
        state.parametersChanged();
        this.step = steps;
    }

    /** Tells the optimizer that the parameters were written from outside. */
    public void parametersChanged() {
        state.parametersChanged();
    }
}
