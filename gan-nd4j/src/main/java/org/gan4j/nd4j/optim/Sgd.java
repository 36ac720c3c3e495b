package org.gan4j.nd4j.optim;

import org.gan4j.Network;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.SgdState;
import org.gan4j.optim.OptimizerSpec;

/**
 * SGD with {@code torch.optim.SGD}'s semantics (see {@link OptimizerSpec.Sgd}); one pass over the network's flat
 * parameter buffer per update. State: {@code buf} with momentum, none without.
 */
final class Sgd extends SlotOptimizer {

    private final SgdState state;
    private final double momentum;

    Sgd(Kernels kernels, Network network, OptimizerSpec.Sgd spec, Optimizers.Rate rate) {
        this(kernels.sgdState(network.parameters(), network.gradients(), spec.momentum() > 0), spec, rate,
                network.parameterCount());
    }

    private Sgd(SgdState state, OptimizerSpec.Sgd spec, Optimizers.Rate rate, long length) {
        super(state, spec, rate, length);
        this.state = state;
        this.momentum = spec.momentum();
    }

    @Override
    void update(double lr, boolean first) {
        state.update(lr, momentum, first);
    }
}
