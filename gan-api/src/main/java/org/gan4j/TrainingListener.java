package org.gan4j;

/**
 * Watches a training run. Every method has an empty default, so implement only what you need. Listeners run on
 * the training thread, in the order they were added; an exception thrown by a listener stops the training and
 * reaches the caller of {@code train}.
 */
public interface TrainingListener {

    /** Called once before the first step, with the configuration and the backend that will run it. */
    default void onStart(GanConfig config, String backend) {
    }

    /** Called after every step. Keep it cheap: it runs ~100,000 times in a real run. */
    default void onStep(StepMetrics metrics) {
    }

    /**
     * Called after every epoch (and after the last, possibly partial, epoch of a step-limited run).
     *
     * @param summary   the epoch's means
     * @param generator the generator being trained, for sampling (e.g. an image grid); do not train it
     */
    default void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
    }

    /** Called once after the last step, with the result {@code train} is about to return. */
    default void onEnd(GanResult result) {
    }
}
