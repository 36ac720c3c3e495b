package org.gan4j.nd4j.optim;

import org.gan4j.Network;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba) with PyTorch's semantics: bias-corrected moments, epsilon added after the square root, no
 * weight decay. One pass over the network's flat parameter buffer per step.
 */
public final class Adam {

    private final Kernels kernels;
    private final INDArray params;
    private final INDArray grads;
    private final INDArray m;
    private final INDArray v;
    private final INDArray scratch;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long step;

    /** An optimizer for all of {@code network}'s parameters, with zero moments. */
    public Adam(Kernels kernels, Network network, double learningRate, double beta1, double beta2, double epsilon) {
        this.kernels = kernels;
        this.params = network.parameters();
        this.grads = network.gradients();
        this.m = Nd4j.zeros(params.dataType(), params.length());
        this.v = Nd4j.zeros(params.dataType(), params.length());
        this.scratch = Nd4j.zeros(params.dataType(), params.length());
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** Applies the current gradients to the parameters. */
    public void step() {
        step++;
        kernels.adam(params, grads, m, v, scratch, learningRate, beta1, beta2, epsilon, step);
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /** The first-moment estimate (a live view, for checkpoints and tests). */
    public INDArray firstMoment() {
        return m;
    }

    /** The second-moment estimate (a live view). */
    public INDArray secondMoment() {
        return v;
    }
}
