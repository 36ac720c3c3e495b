package org.gan4j.nd4j;

import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;

/**
 * Hands a run's events to its listeners, in the order they were configured, on the training thread. A run without
 * listeners makes no {@link StepMetrics} at all.
 */
final class ListenerDispatch {

    private final List<TrainingListener> listeners;

    ListenerDispatch(List<TrainingListener> listeners) {
        this.listeners = listeners;
    }

    /** {@return the listeners, for whoever delivers events of its own (the evaluations)} */
    List<TrainingListener> listeners() {
        return listeners;
    }

    void start(TrainingPlan plan) {
        for (TrainingListener l : listeners) {
            l.onStart(plan);
        }
    }

    /** The step just run: its metrics, made only when someone listens. */
    void step(long steps, int epoch, int batchInEpoch, int batch, TrainingStep step) {
        if (listeners.isEmpty()) {
            return;
        }
        StepMetrics m = new StepMetrics(steps, epoch, batchInEpoch, batch, step.lossD(), step.lossG(),
                step.meanDReal(), step.meanDFake(), step.extras());
        for (TrainingListener l : listeners) {
            l.onStep(m);
        }
    }

    void epochEnd(EpochSummary summary, TrainedGenerator generator) {
        for (TrainingListener l : listeners) {
            l.onEpochEnd(summary, generator);
        }
    }

    void beforeCheckpoint(long steps) {
        for (TrainingListener l : listeners) {
            l.beforeCheckpoint(steps);
        }
    }

    void end(GanResult result) {
        for (TrainingListener l : listeners) {
            l.onEnd(result);
        }
    }
}
