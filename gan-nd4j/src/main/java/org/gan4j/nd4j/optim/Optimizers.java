package org.gan4j.nd4j.optim;

import java.util.List;
import org.gan4j.Network;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;

/** Builds running optimizers from specs, and says what state each keeps. */
public final class Optimizers {

    private Optimizers() {
    }

    /**
     * An optimizer for all of {@code network}'s parameters, with its state at zero.
     *
     * @param kernels  the arithmetic of the run; it decides where the state lives
     * @param network  the network whose flat parameters and gradients are updated and read
     * @param spec     which optimizer, with which settings
     * @param schedule the factor on {@code spec.lr()} per update
     * @param planned  the updates the run plans for this optimizer, positive (what {@link
     *                 LearningRateSchedule#linearDecay()} decays over)
     * @return the optimizer
     */
    public static Optimizer create(Kernels kernels, Network network, OptimizerSpec spec,
                                   LearningRateSchedule schedule, long planned) {
        Rate rate = new Rate(spec.lr(), schedule, planned);
        if (spec instanceof OptimizerSpec.Adam a) {
            return new Adam(kernels, network, a, rate);
        }
        if (spec instanceof OptimizerSpec.RmsProp r) {
            return new RmsProp(kernels, network, r, rate);
        }
        return new Sgd(kernels, network, (OptimizerSpec.Sgd) spec, rate);
    }

    /**
     * The state arrays an optimizer of {@code spec} keeps, as {@link Optimizer#stateNames()} lists them.
     *
     * @param spec the optimizer
     * @return the names, possibly none (SGD without momentum)
     */
    public static List<String> stateNames(OptimizerSpec spec) {
        if (spec instanceof OptimizerSpec.Adam) {
            return List.of("m", "v");
        }
        if (spec instanceof OptimizerSpec.RmsProp r) {
            return r.momentum() > 0 ? List.of("v", "buf") : List.of("v");
        }
        return ((OptimizerSpec.Sgd) spec).momentum() > 0 ? List.of("buf") : List.of();
    }

    /**
     * Whether a state array can never be negative (it is a running average of squares): a checkpoint that says
     * otherwise is damaged.
     *
     * @param spec the optimizer
     * @param name one of {@link #stateNames}
     * @return true for Adam's and RMSprop's {@code v}
     */
    public static boolean nonNegative(OptimizerSpec spec, String name) {
        return name.equals("v");
    }

    /** A spec's learning rate under a schedule, per update. */
    record Rate(double lr, LearningRateSchedule schedule, long planned) {
        Rate {
            if (planned <= 0) {
                throw new IllegalArgumentException("planned updates must be positive, got " + planned);
            }
        }

        /** The rate of the update after {@code done} updates; exactly {@code lr} under a constant schedule. */
        double at(long done) {
            return schedule instanceof LearningRateSchedule.Constant ? lr : lr * schedule.factor(done, planned);
        }
    }
}
