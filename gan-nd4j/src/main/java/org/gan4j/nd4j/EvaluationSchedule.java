package org.gan4j.nd4j;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.eval.EvaluationReport;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.eval.Evaluator;
import org.gan4j.eval.PeriodicEvaluation;

/**
 * The evaluations a run asked for ({@link org.gan4j.GanConfig#evaluation()}), made on a thread of their own on
 * copies of the generator, so that training goes on while they run (on two cores, on the core training leaves idle;
 * at the lowest scheduling priority, {@link BackgroundPriority}) and its bits do not depend on them. Results reach
 * the listeners on the training thread, in step order. At most one evaluation runs at a time: one that falls due
 * while the previous one still runs waits for it, which bounds the generator copies held to two.
 */
final class EvaluationSchedule implements AutoCloseable {

    private final PeriodicEvaluation settings;
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(EvaluationSchedule::newEvaluationThread);
    private final Deque<Pending> pending = new ArrayDeque<>();
    /**
     * Made on the evaluation thread as training starts (the reference features and neighbourhoods take seconds),
     * so that the first evaluation does not hold training up.
     */
    private final Future<Evaluator> during;

    private record Pending(long step, int epoch, boolean last, Future<EvaluationResult> result) {
    }

    /** {@return the thread evaluations run on: named, a daemon, at the lowest priority} */
    static Thread newEvaluationThread(Runnable work) {
        return BackgroundPriority.newThread(work, "gan4j-evaluation");
    }

    EvaluationSchedule(PeriodicEvaluation settings) {
        this.settings = settings;
        this.during = thread.submit(() -> settings.during().evaluator());
    }

    /**
     * Hands finished evaluations to the listeners and starts one if {@code step} is due.
     *
     * @param step      the step just run
     * @param epoch     its epoch
     * @param generator a copy of the generator of that step (called only when an evaluation is due)
     * @param listeners who receives the reports
     */
    void afterStep(long step, int epoch, Supplier<TrainedGenerator> generator, List<TrainingListener> listeners) {
        deliver(listeners, false);
        if (step % settings.everySteps() != 0) {
            return;
        }
        deliver(listeners, true); // the previous one, if it still runs
        TrainedGenerator copy = generator.get();
        pending.add(new Pending(step, epoch, false, thread.submit(() -> during.get().evaluate(copy))));
    }

    /**
     * Waits for the evaluations under way, hands them out, then makes the evaluation of the finished run (if the
     * settings have one) and hands it out.
     *
     * @param step      the last step
     * @param epoch     its epoch
     * @param generator the finished run's generator (not copied: training is over)
     * @param listeners who receives the reports
     */
    void finish(long step, int epoch, TrainedGenerator generator, List<TrainingListener> listeners) {
        deliver(listeners, true);
        settings.atEnd().ifPresent(atEnd -> {
            // the prepared reference of the evaluations during training, under the end's settings
            pending.add(new Pending(step, epoch, true, thread.submit(() -> during.get().withSettings(atEnd)
                    .evaluate(generator))));
            deliver(listeners, true);
        });
    }

    private void deliver(List<TrainingListener> listeners, boolean wait) {
        while (!pending.isEmpty() && (wait || pending.peekFirst().result().isDone())) {
            Pending p = pending.removeFirst();
            EvaluationReport report = new EvaluationReport(p.step(), p.epoch(), p.last(), result(p));
            for (TrainingListener l : listeners) {
                l.onEvaluation(report);
            }
        }
    }

    private static EvaluationResult result(Pending p) {
        try {
            return p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the evaluation of step " + p.step(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof ExecutionException && cause.getCause() != null) {
                cause = cause.getCause(); // the preparation's failure, seen through the evaluation waiting for it
            }
            if (cause instanceof RuntimeException r) {
                throw r; // a user error (the reference set, the feature network) keeps its own message
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the evaluation of step " + p.step() + " failed: " + cause, cause);
        }
    }

    /** Drops evaluations under way (a run that stops early or fails does not wait for them). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
