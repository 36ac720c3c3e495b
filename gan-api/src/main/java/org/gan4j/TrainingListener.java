package org.gan4j;

/**
 * Watches a training run. Every method has an empty default, so implement only what you need. Listeners run on
 * the training thread, in the order they were added; an exception thrown by a listener stops the training and
 * reaches the caller of {@code train}.
 *
 * <p>Ready-made listeners for the outputs GAN users watch (progress bar, TensorBoard, sample grids, loss plot,
 * metrics log, HTML report) are in {@link org.gan4j.listeners}; {@link org.gan4j.listeners.RunLog} writes them all
 * into one directory.
 */
public interface TrainingListener {

    /**
     * Called once before the first step (also for a resumed run, whose first step follows its checkpoint's).
     *
     * @param plan what the run is about to do: its configuration, data, backend and step range
     */
    default void onStart(TrainingPlan plan) {
    }

    /**
     * Called after every step. Keep it cheap: it runs ~100,000 times in a real run.
     *
     * @param metrics what the step measured; an immutable value, safe to keep
     */
    default void onStep(StepMetrics metrics) {
    }

    /**
     * Called after every epoch (and after the last, possibly partial, epoch of a step-limited run), after the epoch's
     * checkpoint is taken, so a listener that fails here cannot cost the run that checkpoint. Slow work
     * (encoding images, drawing plots) belongs on another thread: the library's listeners take their snapshot here
     * and hand it over.
     *
     * @param summary   the epoch's means
     * @param generator the generator being trained, for sampling (e.g. an image grid); do not train it
     */
    default void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
    }

    /**
     * Called on the training thread just before a checkpoint of the state after {@code step} is taken (only when
     * the configuration has a checkpoint directory). An output that a resumed run must continue exactly (a metrics
     * log) makes everything up to {@code step} durable here.
     *
     * @param step the global number of the last step whose result the checkpoint holds
     */
    default void beforeCheckpoint(long step) {
    }

    /**
     * Called on the training thread when an evaluation the configuration asked for
     * ({@link GanConfig.Builder#evaluateEvery}) has finished. Periodic evaluations run on a thread of their own, on
     * a copy of the generator of their step, so they arrive a few steps after that step (in step order); the
     * evaluation of the finished run arrives before {@link #onEnd}.
     *
     * @param report the step measured and the figures
     */
    default void onEvaluation(org.gan4j.eval.EvaluationReport report) {
    }

    /**
     * Called once after the last step, with the result {@code train} is about to return. Not called when training
     * ends with an exception: a listener holding files or threads should also be {@link AutoCloseable}.
     *
     * @param result the run's result, the same object {@code train} returns
     */
    default void onEnd(GanResult result) {
    }
}
