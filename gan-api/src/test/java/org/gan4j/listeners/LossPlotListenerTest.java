package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingPlan;
import org.gan4j.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plot's refresh policy, on a controlled clock: every epoch when epochs are slow, rarely when they are fast. */
class LossPlotListenerTest {

    private static final int STEPS_PER_EPOCH = 100;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000);

    private static TrainingPlan plan(int epochs) {
        ImageDataset tiny = new ImageDataset("tiny", new byte[4 * 4], 4, 2, 2, 1, null);
        return new TrainingPlan(Gan.builder().epochs(epochs).build(), "test", tiny, 0,
                (long) epochs * STEPS_PER_EPOCH, STEPS_PER_EPOCH);
    }

    /**
     * Runs the epochs; {@code epochNanos} of the controlled clock pass per epoch. Waits for the drawing an epoch
     * started (every epoch's, or only the first, whose duration sets the pause).
     */
    private LossPlotListener run(int epochs, long epochNanos, boolean waitForEachDrawing) throws InterruptedException {
        return run(epochs, epochNanos, waitForEachDrawing, java.util.Set.of());
    }

    /** {@link #run(int, long, boolean)} with an evaluation delivered at the end of each epoch of {@code evaluated}. */
    private LossPlotListener run(int epochs, long epochNanos, boolean waitForEachDrawing,
            java.util.Set<Integer> evaluated) throws InterruptedException {
        LossPlotListener plot = new LossPlotListener(dir.resolve("loss.png"), null, clock::get);
        plot.onStart(plan(epochs));
        long step = 0;
        for (int e = 1; e <= epochs; e++) {
            for (int i = 1; i <= STEPS_PER_EPOCH; i++) {
                step++;
                plot.onStep(new StepMetrics(step, e, i, 32, 0.6, 1.2, 0.6, 0.4));
            }
            clock.addAndGet(epochNanos);
            if (evaluated.contains(e)) {
                plot.onEvaluation(new org.gan4j.eval.EvaluationReport(step, e, false,
                        org.gan4j.eval.EvaluationResultTest.result(100.0 / e)));
            }
            int before = plot.drawings();
            plot.onEpochEnd(new EpochSummary(e, step, STEPS_PER_EPOCH, 0.6, 1.2, 0.6, 0.4, Duration.ZERO), null);
            for (int wait = 0; (waitForEachDrawing || e == 1) && plot.drawings() == before && wait < 600; wait++) {
                Thread.sleep(50);
            }
        }
        plot.onEnd(null);
        return plot;
    }

    @Test
    void slowEpochsAreAllDrawn() throws Exception {
        // 40 s per epoch is longer than the longest pause: every epoch is redrawn
        LossPlotListener plot = run(4, Duration.ofSeconds(40).toNanos(), true);
        assertThat(plot.drawings()).isEqualTo(4);
        assertThat(ImageIO.read(dir.resolve("loss.png").toFile()).getWidth()).isEqualTo(LossPlotListener.WIDTH);
    }

    @Test
    void theFidCurveIsRedrawnOnlyWhenAnEvaluationArrives() throws Exception {
        // every epoch's loss plot is drawn; the FID curve only after epochs 1 and 3, where an evaluation came in
        LossPlotListener plot = run(4, Duration.ofSeconds(40).toNanos(), true, java.util.Set.of(1, 3));
        assertThat(plot.drawings()).isEqualTo(4);
        assertThat(plot.evaluationDrawings()).isEqualTo(2);
        assertThat(ImageIO.read(dir.resolve(LossPlotListener.EVALUATION_PLOT_FILE).toFile()).getWidth())
                .isEqualTo(LossPlotListener.WIDTH);
    }

    @Test
    void fastEpochsAreDrawnRarelyButTheEndIsComplete() throws Exception {
        // 20 epochs of 10 ms: after the first drawing (tens of ms at least) the pause is 100 times as long, so the
        // next drawing is the one at the end, with every point
        LossPlotListener plot = run(20, Duration.ofMillis(10).toNanos(), false);
        assertThat(plot.drawings()).as("the first epoch and the end").isEqualTo(2);
        assertThat(dir.resolve("loss.png")).isRegularFile();
    }

    @Test
    void aShortRunStillGetsAPlot() throws IOException {
        LossPlotListener plot = new LossPlotListener(dir.resolve("short.png"), null, clock::get);
        plot.onStart(plan(1));
        for (int i = 1; i <= 7; i++) { // fewer steps than one plotted point
            plot.onStep(new StepMetrics(i, 1, i, 32, 0.6, 1.2, 0.6, 0.4));
        }
        plot.onEnd(null);
        assertThat(plot.drawings()).isEqualTo(1);
        assertThat(ImageIO.read(dir.resolve("short.png").toFile()).getHeight()).isEqualTo(LossPlotListener.HEIGHT);
    }

    @Test
    void aCriticsExtrasAreSeriesAndAreReadBackFromTheMetricsLog() throws IOException {
        org.gan4j.GanConfig wganGp = Gan.builder().objective(org.gan4j.Objective.parse("wgan-gp")).build();
        ImageDataset tiny = new ImageDataset("tiny", new byte[4 * 4], 4, 2, 2, 1, null);
        Path csv = dir.resolve("metrics.csv");
        StringBuilder log = new StringBuilder(MetricsCsvListener.header(org.gan4j.MetricNames.of(wganGp)) + "\n");
        for (int s = 1; s <= LossPlotListener.EVERY; s++) {
            log.append(s).append(",1,").append(s).append(",-0.5,0.2,0.3,-0.2,0.5,0.25\n");
        }
        java.nio.file.Files.writeString(csv, log);
        LossPlotListener plot = new LossPlotListener(dir.resolve("wgan.png"), csv, clock::get);
        plot.onStart(new TrainingPlan(wganGp, "test", tiny, LossPlotListener.EVERY, 2L * LossPlotListener.EVERY,
                STEPS_PER_EPOCH));
        assertThat(plot.legend()).containsExactly("lossD", "lossG", "C(x)", "C(G(z))", "W", "GP");
        assertThat(plot.points(4)).as("the log's wasserstein column").containsExactly(0.5);
        assertThat(plot.points(5)).as("the log's gradientPenalty column").containsExactly(0.25);
        for (int s = LossPlotListener.EVERY + 1; s <= 2 * LossPlotListener.EVERY; s++) {
            plot.onStep(new StepMetrics(s, 1, s, 32, -0.5, 0.2, 0.3, -0.2, new double[] {1.5, 0.75}));
        }
        assertThat(plot.points(4)).as("the steps' estimates").containsExactly(0.5, 1.5);
        assertThat(plot.points(5)).containsExactly(0.25, 0.75);
        plot.onEnd(null);
        assertThat(ImageIO.read(dir.resolve("wgan.png").toFile()).getWidth()).isEqualTo(LossPlotListener.WIDTH);
    }
}
