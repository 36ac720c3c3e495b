package org.gan4j.optim;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How a learning rate changes over a run: a factor on each optimizer's {@link OptimizerSpec#lr()} per update. The
 * step counter is the optimizer's own update count, as with PyTorch's {@code LambdaLR} stepped after every
 * {@code optimizer.step()}: the {@code k}-th update (from 1) uses {@code lr * factor(k - 1, planned)}, where
 * {@code planned} is how many updates the run makes with that optimizer.
 *
 * <p>Text forms ({@code toString()} and {@link #parse(String)}): {@code constant}, {@code linear} (to zero over the
 * run) and {@code linear(steps=N)}.
 */
public sealed interface LearningRateSchedule {

    /**
     * The factor of the learning rate for one update.
     *
     * @param update  the updates the optimizer has made before this one (0 for the first)
     * @param planned the updates the run plans for this optimizer (its last step limit), positive
     * @return the factor, in {@code [0, 1]}
     */
    double factor(long update, long planned);

    /**
     * This schedule with the run's length filled in, as checkpoints record it (a resume must decay over the same
     * number of updates to continue the same run).
     *
     * @param planned the updates the run plans for the optimizer, positive
     * @return a schedule that does not depend on {@code planned}
     */
    LearningRateSchedule resolve(long planned);

    /** The learning rate as given, for every update (the default). */
    record Constant() implements LearningRateSchedule {
        @Override
        public double factor(long update, long planned) {
            return 1.0;
        }

        @Override
        public LearningRateSchedule resolve(long planned) {
            return this;
        }

        @Override
        public String toString() {
            return "constant";
        }
    }

    /**
     * Linear decay to zero: the factor is {@code max(0, 1 - (k - 1) / N)} for the {@code k}-th update, PyTorch's
     * {@code LambdaLR(opt, lambda t: max(0.0, 1 - t / N))}; the first update uses the full rate, the {@code N}-th
     * {@code lr / N}, later ones none.
     *
     * @param steps {@code N}, positive; empty: the updates the run plans (its step limit, or epochs times steps per
     *              epoch)
     */
    record LinearDecay(OptionalLong steps) implements LearningRateSchedule {
        /**
         * Checks the length.
         *
         * @param steps {@code N}, or empty for the run's planned updates
         * @throws IllegalArgumentException if {@code steps} is present and not positive
         */
        public LinearDecay {
            java.util.Objects.requireNonNull(steps, "steps");
            if (steps.isPresent() && steps.getAsLong() <= 0) {
                throw new IllegalArgumentException("steps must be positive, got " + steps.getAsLong());
            }
        }

        @Override
        public double factor(long update, long planned) {
            long n = steps.orElse(planned);
            return Math.max(0.0, 1 - (double) update / n);
        }

        @Override
        public LearningRateSchedule resolve(long planned) {
            return steps.isPresent() ? this : new LinearDecay(OptionalLong.of(planned));
        }

        @Override
        public String toString() {
            return steps.isPresent() ? "linear(steps=" + steps.getAsLong() + ")" : "linear";
        }
    }

    /** {@return the constant schedule, the default} */
    static LearningRateSchedule constant() {
        return new Constant();
    }

    /** {@return linear decay to zero at the run's last update} */
    static LearningRateSchedule linearDecay() {
        return new LinearDecay(OptionalLong.empty());
    }

    /**
     * Linear decay to zero over a fixed number of updates.
     *
     * @param steps the updates, positive; later updates use a rate of zero
     * @return the schedule
     * @throws IllegalArgumentException if {@code steps} is not positive
     */
    static LearningRateSchedule linearDecay(long steps) {
        return new LinearDecay(OptionalLong.of(steps));
    }

    /**
     * Reads the text form: {@code constant}, {@code linear}, {@code linear(steps=N)}.
     *
     * @param text the text form
     * @return the schedule; {@code parse(s.toString())} equals {@code s}
     * @throws IllegalArgumentException quoting the text and naming what is wrong
     */
    static LearningRateSchedule parse(String text) {
        SpecText s = SpecText.parse("learning-rate schedule", text, List.of("constant", "linear"),
                Map.of("constant", List.of(), "linear", List.of("steps")));
        try {
            return s.name.equals("constant") ? constant() : new LinearDecay(s.whole("steps"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("'") ? e : SpecText.in(text, e);
        }
    }
}
