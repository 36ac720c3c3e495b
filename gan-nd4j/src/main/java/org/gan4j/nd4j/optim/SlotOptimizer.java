package org.gan4j.nd4j.optim;

import java.util.List;
import java.util.Map;
import org.gan4j.nd4j.kernels.SlotState;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What RMSprop and SGD share: state in a kernel's {@link SlotState}, an update count and a scheduled rate. */
abstract class SlotOptimizer implements Optimizer {

    private final SlotState state;
    private final OptimizerSpec spec;
    private final Optimizers.Rate rate;
    private final long length;
    private long step;

    SlotOptimizer(SlotState state, OptimizerSpec spec, Optimizers.Rate rate, long length) {
        this.state = state;
        this.spec = spec;
        this.rate = rate;
        this.length = length;
    }

    /**
     * One update.
     *
     * @param lr    this update's learning rate
     * @param first whether it is the optimizer's first
     */
    abstract void update(double lr, boolean first);

    @Override
    public final void step() {
        double lr = rate.at(step);
        update(lr, step == 0);
        step++;
    }

    @Override
    public final long steps() {
        return step;
    }

    @Override
    public final OptimizerSpec spec() {
        return spec;
    }

    @Override
    public final List<String> stateNames() {
        return state.slots();
    }

    @Override
    public final INDArray state(String name) {
        return state.slot(name);
    }

    @Override
    public final byte[] stateBytes(String name, byte[] reuse) {
        return state.slotBytes(name, reuse);
    }

    @Override
    public final void restore(Map<String, INDArray> saved, long steps) {
        for (String name : state.slots()) {
            INDArray a = saved.get(name);
            if (a == null || a.length() != length) {
                throw new IllegalArgumentException(spec.kind() + "'s state " + name + " must hold " + length
                        + " values, got " + (a == null ? "none" : Long.toString(a.length())));
            }
        }
        for (String name : state.slots()) {
            state.restore(name, saved.get(name));
        }
        state.parametersChanged();
        this.step = steps;
    }

    @Override
    public final void parametersChanged() {
        state.parametersChanged();
    }

    @Override
    public final void clipParameters(double bound) {
        state.clipParameters(bound);
    }
}
