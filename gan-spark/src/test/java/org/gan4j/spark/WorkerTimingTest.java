package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Mnist;
import org.gan4j.nd4j.GradientExchange;
import org.junit.jupiter.api.Test;

/** {@link TimedExchange}'s counters, and the timings a Spark run brings back ({@link SparkGan#trainWithTimings}). */
class WorkerTimingTest {

    /** An exchange of one worker of two that doubles what it sums (as if the other had the same values). */
    private static class Doubling implements GradientExchange {
        @Override
        public int rank() {
            return 1;
        }

        @Override
        public int workers() {
            return 2;
        }

        @Override
        public void sum(float[] values) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= 2;
            }
        }

        @Override
        public void sum(double[] values) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= 2;
            }
        }
    }

    @Test
    void theTimedExchangeSumsAsItsInnerOneAndCountsCallsValuesAndTime() {
        TimedExchange timed = new TimedExchange(new Doubling());
        float[] f = {1, 2, 3};
        timed.sum(f);
        timed.sum(new float[5]);
        double[] d = {0.5};
        timed.sum(d);
        assertThat(f).containsExactly(2, 4, 6);
        assertThat(d).containsExactly(1.0);
        assertThat(timed.rank()).isEqualTo(1);
        assertThat(timed.workers()).isEqualTo(2);

        WorkerTiming t = timed.timing(4, 1_000_000_000L);
        assertThat(t.rank()).isEqualTo(1);
        assertThat(t.workers()).isEqualTo(2);
        assertThat(t.floatSums()).isEqualTo(2);
        assertThat(t.floatsSummed()).isEqualTo(8);
        assertThat(t.floatsPerSum()).isEqualTo(4.0);
        assertThat(t.doubleSums()).isEqualTo(1);
        assertThat(t.doublesSummed()).isEqualTo(1);
        assertThat(t.floatNanos()).isPositive();
        assertThat(t.exchangeNanos()).isEqualTo(t.floatNanos() + t.doubleNanos());
        assertThat(t.computeNanos()).isEqualTo(1_000_000_000L - t.exchangeNanos());
        assertThat(t.computeMillisPerStep()).isEqualTo(t.computeNanos() / 1e6 / 4);
    }

    @Test
    void aFailingSumIsCountedAndItsErrorPassesThrough() {
        TimedExchange timed = new TimedExchange(new Doubling() {
            @Override
            public void sum(float[] values) {
                throw new java.io.UncheckedIOException(new java.io.IOException("rank 0 stopped answering"));
            }
        });
        assertThatThrownBy(() -> timed.sum(new float[3])).hasMessageContaining("rank 0 stopped answering");
        assertThat(timed.timing(0, 1).floatSums()).isEqualTo(1);
        assertThat(timed.timing(0, 1).exchangeMillisPerStep()).isZero();
    }

    @Test
    void theTasksOutputsMakeRankZerosGeneratorAndTheTimingsInRankOrder() {
        WorkerTiming t0 = new WorkerTiming(0, 2, 1, 10, 2, 4, 3, 2, 8, 1);
        WorkerTiming t1 = new WorkerTiming(1, 2, 1, 11, 2, 4, 3, 2, 8, 1);
        byte[] g = {7};
        SparkGan.Trained trained = SparkGan.collect(
                List.of(new SparkGan.WorkerOutput(1, t1.toArray(), null),
                        new SparkGan.WorkerOutput(0, t0.toArray(), g)), 2);
        assertThat(trained.generator()).isSameAs(g);
        assertThat(trained.timings()).containsExactly(t0, t1);
        assertThatThrownBy(() -> SparkGan.collect(List.of(new SparkGan.WorkerOutput(0, t0.toArray(), g)), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("each of 2 workers, got 1");
    }

    @Test
    void twoTasksInLocalModeReportTwoGradientSumsPerStepOfBothNetworksParametersAndTheirTimes() throws Exception {
        long steps = 10;
        GanConfig config = DataParallelEquivalenceTest.config(steps);
        // the parameter counts of G and D: one plain step of the same configuration
        GanResult one = Gan.trainer().train(DataParallelEquivalenceTest.config(1),
                Mnist.load(DataParallelEquivalenceTest.MNIST));
        long parameters = one.generator().network().parameters().length() + one.discriminator().parameters().length();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("gan4j-spark-timing-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
        SparkGan.Trained trained;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            trained = SparkGan.trainWithTimings(spark, config.spec(), DataParallelEquivalenceTest.MNIST.toString(), 2,
                    Duration.ofSeconds(120), SparkGan.Checkpointing.NONE);
        }
        assertThat(trained.generator()).isNotEmpty();
        assertThat(trained.timings()).hasSize(2);
        for (int r = 0; r < 2; r++) {
            WorkerTiming t = trained.timings().get(r);
            assertThat(t.rank()).isEqualTo(r);
            assertThat(t.workers()).isEqualTo(2);
            assertThat(t.steps()).isEqualTo(steps);
            // the reference objective: D's gradients, then G's, once each per step; D's metrics, then G's loss
            assertThat(t.floatSums()).isEqualTo(2 * steps);
            assertThat(t.floatsSummed()).isEqualTo(steps * parameters);
            assertThat(t.doubleSums()).isEqualTo(2 * steps);
            assertThat(t.floatNanos()).isPositive();
            assertThat(t.doubleNanos()).isPositive();
            assertThat(t.exchangeNanos()).isLessThanOrEqualTo(t.totalNanos());
            assertThat(t.computeNanos()).isPositive();
        }
    }
}
