package org.gan4j.nd4j.optim;

import java.util.List;
import java.util.Map;
import org.gan4j.Network;
import org.gan4j.nd4j.kernels.AdamState;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba) with PyTorch's semantics: bias-corrected moments, epsilon added after the square root, no
 * weight decay. One pass over the network's flat parameter buffer per step, whole ({@link #step()}) or in parts as
 * a backward pass finishes each layer ({@link #beginStepInParts()}); the kernels decide where the moments live.
 *
 * <p>The optimizer may keep its own copy of the parameters (the CPU path does): after writing
 * {@link Network#parameters()} from outside during training, call {@link #parametersChanged()}.
 */
public final class Adam implements Optimizer {

    private final AdamState state;
    private final OptimizerSpec.Adam spec;
    private final Optimizers.Rate rate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** The number of parameters. */
    private final long length;
    private long step;
    private final Parts parts = new Parts();

    /**
     * An optimizer for all of {@code network}'s parameters, with zero moments.
     *
     * @param kernels      the arithmetic of the run; it decides where the moments live
     * @param network      the network whose flat {@link Network#parameters()} and {@link Network#gradients()} are
     *                     updated and read
     * @param learningRate the step size, positive (the reference: 3e-4)
     * @param beta1        the first moment's decay, in {@code [0, 1)} (PyTorch's default: 0.9)
     * @param beta2        the second moment's decay, in {@code [0, 1)} (PyTorch's default: 0.999)
     * @param epsilon      added to the square root of the second moment, positive (PyTorch's default: 1e-8)
     */
    public Adam(Kernels kernels, Network network, double learningRate, double beta1, double beta2, double epsilon) {
        this(kernels, network, new OptimizerSpec.Adam(learningRate, beta1, beta2, epsilon),
                new Optimizers.Rate(learningRate, LearningRateSchedule.constant(), 1));
    }

    Adam(Kernels kernels, Network network, OptimizerSpec.Adam spec, Optimizers.Rate rate) {
        this.state = kernels.adamState(network.parameters(), network.gradients());
        this.length = network.parameters().length();
        this.spec = spec;
        this.rate = rate;
        this.beta1 = spec.beta1();
        this.beta2 = spec.beta2();
        this.epsilon = spec.eps();
    }

    /** Applies the current gradients to the parameters. */
    @Override
    public void step() {
        double lr = rate.at(step);
        step++;
        state.update(lr, beta1, beta2, epsilon, step);
    }

    @Override
    public boolean stepsInParts() {
        return state.updatesInPartsPay();
    }

    @Override
    public StepInParts beginStepInParts() {
        if (parts.open) {
            throw new IllegalStateException("Adam: the previous step in parts was not ended");
        }
        parts.lr = rate.at(step);
        step++;
        parts.open = true;
        parts.covered = 0;
        return parts;
    }

    /** The open step in parts: its learning rate and how many parameters it has updated. */
    private final class Parts implements StepInParts {
        private boolean open;
        private double lr;
        private long covered;

        @Override
        public void ready(long from, long to) {
            if (!open) {
                throw new IllegalStateException("Adam: no step in parts is open");
            }
            if (from < 0 || to <= from || to > length) {
                throw new IllegalArgumentException("Adam: parameters [" + from + ", " + to + ") are not a range of "
                        + "the " + length + " parameters");
            }
            state.update(lr, beta1, beta2, epsilon, step, from, to);
            covered += to - from;
        }

        @Override
        public void end() {
            if (!open) {
                throw new IllegalStateException("Adam: no step in parts is open");
            }
            open = false;
            if (covered != length) {
                throw new IllegalStateException("Adam: the step in parts updated " + covered + " parameter values, "
                        + "the network has " + length);
            }
        }
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    public List<String> stateNames() {
        return Optimizers.stateNames(spec);
    }

    @Override
    public INDArray state(String name) {
        return name.equals("m") ? firstMoment() : name.equals("v") ? secondMoment() : noSuchState(name);
    }

    @Override
    public byte[] stateBytes(String name, byte[] reuse) {
        if (!name.equals("m") && !name.equals("v")) {
            noSuchState(name);
        }
        return name.equals("m") ? firstMomentBytes(reuse) : secondMomentBytes(reuse);
    }

    @Override
    public void restore(Map<String, INDArray> saved, long steps) {
        if (!saved.containsKey("m") || !saved.containsKey("v")) {
            throw new IllegalArgumentException("Adam's state needs m and v, got " + saved.keySet());
        }
        restore(saved.get("m"), saved.get("v"), steps);
    }

    private static INDArray noSuchState(String name) {
        throw new IllegalArgumentException("Adam keeps no state " + name + "; it keeps m and v");
    }

    /** {@return the steps taken so far, restored ones included: the {@code t} of the bias correction} */
    @Override
    public long steps() {
        return step;
    }

    /** {@return a copy of the first-moment estimate, as long as the network's parameter vector} */
    public INDArray firstMoment() {
        return state.firstMoment();
    }

    /** {@return a copy of the second-moment estimate, as long as the network's parameter vector} */
    public INDArray secondMoment() {
        return state.secondMoment();
    }

    /**
     * The first moment as checkpoint bytes ({@link org.gan4j.io.ArrayBytes}' little-endian form).
     *
     * @param reuse the array the previous checkpoint got, or {@code null}; written into when it has the right length
     * @return {@code reuse} or a new array
     */
    public byte[] firstMomentBytes(byte[] reuse) {
        return state.firstMomentBytes(reuse);
    }

    /**
     * The second moment as checkpoint bytes ({@link org.gan4j.io.ArrayBytes}' little-endian form).
     *
     * @param reuse the array the previous checkpoint got, or {@code null}; written into when it has the right length
     * @return {@code reuse} or a new array
     */
    public byte[] secondMomentBytes(byte[] reuse) {
        return state.secondMomentBytes(reuse);
    }

    /**
     * Restores the state a checkpoint saved: both moments and the step count.
     *
     * @param firstMoment  the saved first moment, as long as the network's parameter vector
     * @param secondMoment the saved second moment, of the same length
     * @param steps        the saved {@link #steps()}
     * @throws IllegalArgumentException if the moments' lengths differ
     */
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
    @Override
    public void parametersChanged() {
        state.parametersChanged();
    }

    @Override
    public void clipParameters(double bound) {
        state.clipParameters(bound);
    }
}
