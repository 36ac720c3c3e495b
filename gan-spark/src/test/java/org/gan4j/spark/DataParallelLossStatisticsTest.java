package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.Test;

/**
 * Over 2,000 steps of the reference MLP at a global batch of 64, two workers of 32 rows train as one process does:
 * the mean losses of two seeds over the run and over its second half lie within the spread of the plain trainer's
 * over six seeds (docs/distributed.md has the numbers).
 */
class DataParallelLossStatisticsTest {

    static final int STEPS = 2_000;
    static final int WINDOW = 500;
    static final int WINDOWS = STEPS / WINDOW;

    /** Mean lossD and lossG per window: {@code [window][0 = D, 1 = G]}. */
    static final class WindowMeans implements TrainingListener {
        final double[][] sums = new double[WINDOWS][2];

        double all(int k) {
            double s = 0;
            for (double[] w : sums) {
                s += w[k] / WINDOWS;
            }
            return s;
        }

        double last(int k) {
            return (sums[2][k] + sums[3][k]) / 2;
        }

        @Override
        public void onStep(StepMetrics m) {
            int w = (int) ((m.step() - 1) / WINDOW);
            sums[w][0] += m.lossD() / WINDOW;
            sums[w][1] += m.lossG() / WINDOW;
        }
    }

    private static GanConfig config(long seed, WindowMeans means) {
        return Gan.builder().batchSize(64).maxSteps(STEPS).seed(seed).listener(means).build();
    }

    @Test
    void twoWorkersLossesOver2000StepsLieWithinTheSpreadOfSixSeedsOfThePlainTrainer() throws Exception {
        Dataset digits = Mnist.load(DataParallelEquivalenceTest.MNIST);
        Nd4jEngine engine = (Nd4jEngine) Gan.engine();
        List<WindowMeans> plain = new ArrayList<>();
        List<WindowMeans> parallel = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // the plain trainer's seeds two at a time, one per core (each run is the same bits alone)
            List<Future<?>> runs = new ArrayList<>();
            for (long seed = 1; seed <= 6; seed++) {
                WindowMeans means = new WindowMeans();
                GanConfig config = config(seed, means);
                runs.add(threads.submit(() -> engine.trainer().train(config, digits)));
                plain.add(means);
            }
            for (Future<?> run : runs) {
                run.get(300, TimeUnit.SECONDS);
            }
            for (long seed = 11; seed <= 12; seed++) {
                WindowMeans means = new WindowMeans();
                DataParallelEquivalenceTest.InProcessSum sum = new DataParallelEquivalenceTest.InProcessSum(2);
                GanConfig rankZero = config(seed, means);
                GanConfig rankOne = config(seed, new WindowMeans());
                Future<?> r0 = threads.submit(() -> DataParallelTraining.train(engine, rankZero, digits, sum.of(0)));
                Future<?> r1 = threads.submit(() -> DataParallelTraining.train(engine, rankOne, digits, sum.of(1)));
                r0.get(300, TimeUnit.SECONDS);
                r1.get(300, TimeUnit.SECONDS);
                parallel.add(means);
            }
        } finally {
            threads.shutdownNow();
        }
        // each statistic: the mean over all 2,000 steps and over the last 1,000, of lossD and of lossG
        String[] names = {"mean lossD over 2,000 steps", "mean lossG over 2,000 steps",
            "mean lossD over steps 1,001-2,000", "mean lossG over steps 1,001-2,000"};
        for (int i = 0; i < names.length; i++) {
            int k = i % 2;
            boolean all = i < 2;
            double lo = plain.stream().mapToDouble(p -> all ? p.all(k) : p.last(k)).min().orElseThrow();
            double hi = plain.stream().mapToDouble(p -> all ? p.all(k) : p.last(k)).max().orElseThrow();
            assertThat(hi - lo).as("the seeds' spread of the " + names[i]).isPositive();
            for (WindowMeans p : parallel) {
                assertThat(all ? p.all(k) : p.last(k)).as(names[i] + " of two workers").isBetween(lo, hi);
            }
        }
    }
}
