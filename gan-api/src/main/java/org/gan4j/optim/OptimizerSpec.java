package org.gan4j.optim;

import java.util.List;
import java.util.Map;

/**
 * How one network's parameters are updated from their gradients: an optimizer as data (a value with
 * {@code equals} and a text form), which a provider turns into a running optimizer for a network. The formulas are
 * those of {@code torch.optim} 1.13 without weight decay, in the order PyTorch evaluates them, so that a run can be
 * compared with a PyTorch twin step by step. {@code g} is the gradient, {@code p} the parameter, {@code t} the
 * number of this update (from 1), and {@code lr} the learning rate of this update (the spec's {@link #lr()} times
 * the run's {@link LearningRateSchedule}).
 *
 * <p>The text form is what {@code toString()} returns and {@link #parse(String)} reads:
 * {@code adam(lr=2e-4,beta1=0.5,beta2=0.999,eps=1e-8)}, {@code rmsprop(lr=5e-5,alpha=0.99,eps=1e-8,momentum=0)},
 * {@code sgd(lr=0.01,momentum=0.9)}. A setting left out takes PyTorch's default.
 */
public sealed interface OptimizerSpec {

    /** {@return the base learning rate, before the schedule} */
    double lr();

    /** {@return the name in the text form and in checkpoint entries: {@code adam}, {@code rmsprop} or {@code sgd}} */
    String kind();

    /**
     * Adam (Kingma and Ba), {@code torch.optim.Adam}: {@code m = b1*m + (1-b1)*g},
     * {@code v = b2*v + (1-b2)*g*g}, {@code p -= (lr / (1-b1^t)) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}; {@code m}
     * and {@code v} start at zero.
     *
     * @param lr    the learning rate, positive and finite (PyTorch's default 1e-3; gan4j's reference 3e-4)
     * @param beta1 the first moment's decay, in {@code [0, 1)} (default 0.9)
     * @param beta2 the second moment's decay, in {@code [0, 1)} (default 0.999)
     * @param eps   added after the square root, positive and finite (default 1e-8)
     */
    record Adam(double lr, double beta1, double beta2, double eps) implements OptimizerSpec {
        /**
         * Checks every field.
         *
         * @param lr the learning rate
         * @param beta1 the first moment's decay
         * @param beta2 the second moment's decay
         * @param eps added after the square root
         * @throws IllegalArgumentException naming the first field out of range
         */
        public Adam {
            positive("lr", lr);
            fraction("beta1", beta1);
            fraction("beta2", beta2);
            positive("eps", eps);
        }

        @Override
        public String kind() {
            return "adam";
        }

        @Override
        public String toString() {
            return "adam(lr=" + lr + ",beta1=" + beta1 + ",beta2=" + beta2 + ",eps=" + eps + ")";
        }
    }

    /**
     * RMSprop (Hinton), {@code torch.optim.RMSprop} (not centred): {@code v = alpha*v + (1-alpha)*g*g},
     * {@code avg = sqrt(v) + eps}; without momentum {@code p -= lr * g / avg}; with momentum {@code mu > 0}
     * {@code buf = mu*buf + g/avg}, {@code p -= lr * buf}. {@code v} and {@code buf} start at zero; {@code buf} exists
     * only with momentum.
     *
     * @param lr       the learning rate, positive and finite (PyTorch's default 1e-2; WGAN used 5e-5)
     * @param alpha    the square average's decay, in {@code [0, 1)} (default 0.99)
     * @param eps      added after the square root, positive and finite (default 1e-8)
     * @param momentum {@code mu}, in {@code [0, 1)} (default 0: none)
     */
    record RmsProp(double lr, double alpha, double eps, double momentum) implements OptimizerSpec {
        /**
         * Checks every field.
         *
         * @param lr the learning rate
         * @param alpha the square average's decay
         * @param eps added after the square root
         * @param momentum the momentum
         * @throws IllegalArgumentException naming the first field out of range
         */
        public RmsProp {
            positive("lr", lr);
            fraction("alpha", alpha);
            positive("eps", eps);
            fraction("momentum", momentum);
        }

        @Override
        public String kind() {
            return "rmsprop";
        }

        @Override
        public String toString() {
            return "rmsprop(lr=" + lr + ",alpha=" + alpha + ",eps=" + eps + ",momentum=" + momentum + ")";
        }
    }

    /**
     * Stochastic gradient descent, {@code torch.optim.SGD} (no dampening, no Nesterov): without momentum
     * {@code p -= lr * g}; with momentum {@code mu > 0} {@code buf = g} at the first update and
     * {@code buf = mu*buf + g} after, {@code p -= lr * buf}.
     *
     * @param lr       the learning rate, positive and finite (required: PyTorch has no default)
     * @param momentum {@code mu}, in {@code [0, 1)} (default 0: none)
     */
    record Sgd(double lr, double momentum) implements OptimizerSpec {
        /**
         * Checks every field.
         *
         * @param lr the learning rate
         * @param momentum the momentum
         * @throws IllegalArgumentException naming the first field out of range
         */
        public Sgd {
            positive("lr", lr);
            fraction("momentum", momentum);
        }

        @Override
        public String kind() {
            return "sgd";
        }

        @Override
        public String toString() {
            return "sgd(lr=" + lr + ",momentum=" + momentum + ")";
        }
    }

    /**
     * Adam with the given settings.
     *
     * @param lr    positive and finite
     * @param beta1 in {@code [0, 1)}
     * @param beta2 in {@code [0, 1)}
     * @param eps   positive and finite
     * @return the spec
     * @throws IllegalArgumentException naming the field out of range
     */
    static OptimizerSpec adam(double lr, double beta1, double beta2, double eps) {
        return new Adam(lr, beta1, beta2, eps);
    }

    /**
     * RMSprop with the given settings.
     *
     * @param lr       positive and finite
     * @param alpha    in {@code [0, 1)}
     * @param eps      positive and finite
     * @param momentum in {@code [0, 1)}
     * @return the spec
     * @throws IllegalArgumentException naming the field out of range
     */
    static OptimizerSpec rmsProp(double lr, double alpha, double eps, double momentum) {
        return new RmsProp(lr, alpha, eps, momentum);
    }

    /**
     * SGD with the given settings.
     *
     * @param lr       positive and finite
     * @param momentum in {@code [0, 1)}
     * @return the spec
     * @throws IllegalArgumentException naming the field out of range
     */
    static OptimizerSpec sgd(double lr, double momentum) {
        return new Sgd(lr, momentum);
    }

    /**
     * Reads the text form: {@code adam(lr=2e-4,beta1=0.5)}, {@code rmsprop(lr=5e-5)}, {@code sgd(lr=0.01,momentum=0.9)};
     * the settings in any order, a setting left out at PyTorch's default ({@code sgd} needs {@code lr}).
     *
     * @param text the text form
     * @return the spec; {@code parse(spec.toString())} equals {@code spec}
     * @throws IllegalArgumentException quoting the text and naming the unknown name, the unknown or repeated setting,
     *                                  the value that is not a number, or the field out of range
     */
    static OptimizerSpec parse(String text) {
        SpecText s = SpecText.parse("optimizer", text, List.of("adam", "rmsprop", "sgd"), Map.of(
                "adam", List.of("lr", "beta1", "beta2", "eps"),
                "rmsprop", List.of("lr", "alpha", "eps", "momentum"),
                "sgd", List.of("lr", "momentum")));
        try {
            return switch (s.name) {
                case "adam" -> new Adam(s.number("lr", 1e-3), s.number("beta1", 0.9), s.number("beta2", 0.999),
                        s.number("eps", 1e-8));
                case "rmsprop" -> new RmsProp(s.number("lr", 1e-2), s.number("alpha", 0.99), s.number("eps", 1e-8),
                        s.number("momentum", 0));
                default -> new Sgd(s.number("lr", Double.NaN), s.number("momentum", 0));
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("'") ? e : SpecText.in(text, e);
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(field + " must be positive and finite, got " + v);
        }
    }

    private static void fraction(String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + v);
        }
    }
}
