package org.gan4j.nd4j.optim;

import org.gan4j.Network;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.RmsPropState;
import org.gan4j.optim.OptimizerSpec;

/**
 * RMSprop with {@code torch.optim.RMSprop}'s semantics (see {@link OptimizerSpec.RmsProp}); one pass over the
 * network's flat parameter buffer per update. State: {@code v}, and {@code buf} with momentum.
 */
final class RmsProp extends SlotOptimizer {

    private final RmsPropState state;
    private final double alpha;
    private final double eps;
    private final double momentum;

    RmsProp(Kernels kernels, Network network, OptimizerSpec.RmsProp spec, Optimizers.Rate rate) {
        this(kernels.rmsPropState(network.parameters(), network.gradients(), spec.momentum() > 0), spec, rate,
                network.parameterCount());
    }

    private RmsProp(RmsPropState state, OptimizerSpec.RmsProp spec, Optimizers.Rate rate, long length) {
        super(state, spec, rate, length);
        this.state = state;
        this.alpha = spec.alpha();
        this.eps = spec.eps();
        this.momentum = spec.momentum();
    }

    @Override
    void update(double lr, boolean first) {
        state.update(lr, alpha, eps, momentum);
    }
}
