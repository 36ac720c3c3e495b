package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SparkGan#train(JavaSparkContext, GanConfig, String, int, Duration, SparkGan.Checkpointing)}: listeners on the driver. */
class SparkGanListenersTest {

    private static final String DATA = DataParallelEquivalenceTest.MNIST.toString();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static JavaSparkContext spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(SparkGanTest.localConf("local[2]"));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** Everything a listener is told, in order. */
    static final class Recording implements TrainingListener {
        final List<TrainingPlan> starts = new CopyOnWriteArrayList<>();
        final List<StepMetrics> steps = new CopyOnWriteArrayList<>();
        final List<EpochSummary> epochs = new CopyOnWriteArrayList<>();
        final List<float[]> epochGenerators = new CopyOnWriteArrayList<>();
        final List<Long> checkpoints = new CopyOnWriteArrayList<>();
        final List<GanResult> ends = new CopyOnWriteArrayList<>();
        /** Checkpoints already on disk when their {@code beforeCheckpoint} arrived (in {@link #checkpointDir}). */
        final List<Long> writtenTooEarly = new CopyOnWriteArrayList<>();
        Path checkpointDir;

        @Override
        public void onStart(TrainingPlan plan) {
            starts.add(plan);
        }

        @Override
        public void onStep(StepMetrics metrics) {
            steps.add(metrics);
        }

        @Override
        public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
            epochs.add(summary);
            epochGenerators.add(generator.network().parameters().toFloatVector());
        }

        @Override
        public void beforeCheckpoint(long step) {
            checkpoints.add(step);
            if (checkpointDir != null) {
                try {
                    Thread.sleep(300); // ample time for rank 0 to write the checkpoint, were it not waiting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (checkpointDir != null
                    && java.nio.file.Files.exists(checkpointDir.resolve(org.gan4j.io.Checkpoints.fileName(step)))) {
                writtenTooEarly.add(step);
            }
        }

        @Override
        public void onEnd(GanResult result) {
            ends.add(result);
        }
    }

    /** Rank 0's listener in two replicas on threads whose gradients one process adds: what the driver must see. */
    private static Recording rankZeroOfTwoInProcess(GanConfig config) throws Exception {
        Dataset digits = Mnist.load(DataParallelEquivalenceTest.MNIST);
        Nd4jEngine engine = (Nd4jEngine) Gan.engine();
        DataParallelEquivalenceTest.InProcessSum sum = new DataParallelEquivalenceTest.InProcessSum(2);
        Recording recording = new Recording();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<GanResult>> replicas = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int rank = r;
                GanConfig own = rank == 0 ? GanConfig.Builder.from(config.spec()).listener(recording).build() : config;
                replicas.add(threads.submit(() -> DataParallelTraining.train(engine, own, digits, sum.of(rank))));
            }
            for (Future<GanResult> replica : replicas) {
                replica.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return recording;
    }

    private static void assertSameEpochs(List<EpochSummary> actual, List<EpochSummary> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            // all but the wall time
            assertThat(actual.get(i)).usingRecursiveComparison().ignoringFields("elapsed").isEqualTo(expected.get(i));
        }
    }

    /**
     * Rank 1 dies after step 25 of 30 in the stage's first attempt, rank 0 checkpoints every 10 steps: the driver's
     * listener still sees one start, each of the 30 steps once with rank 0's metrics, the epoch's end with its
     * generator, the checkpoints of steps 10, 20 and 30 once each, and an end whose networks are rank 0's.
     */
    @Test
    void theDriversListenersSeeRankZerosEventsOnceEachAlsoAcrossARetriedAttempt() throws Exception {
        GanConfig plain = DataParallelEquivalenceTest.config(30);
        Recording expected = rankZeroOfTwoInProcess(plain);
        assertThat(expected.steps).hasSize(30);
        assertThat(expected.epochs).hasSize(1); // the partial epoch a step limit ends
        GanResult reference = expected.ends.get(0);

        Recording driver = new Recording();
        driver.checkpointDir = tmp.resolve("checkpoints");
        GanConfig config = GanConfig.Builder.from(plain.spec()).listener(driver).build();
        GanResult result = SparkGan.train(spark, config, DATA, 2, TIMEOUT,
                new SparkGan.Checkpointing(driver.checkpointDir.toString(), 10, null),
                new SparkGan.SimulatedFailure(1, 25));

        assertThat(driver.starts).hasSize(1);
        assertThat(driver.starts.get(0).firstStep()).isZero();
        assertThat(driver.starts.get(0).lastStep()).isEqualTo(30);
        assertThat(driver.starts.get(0).backend()).isEqualTo(expected.starts.get(0).backend());
        assertThat(driver.steps).isEqualTo(expected.steps);
        assertSameEpochs(driver.epochs, expected.epochs);
        assertThat(driver.epochGenerators.get(0)).isEqualTo(expected.epochGenerators.get(0));
        assertThat(driver.checkpoints).containsExactly(10L, 20L, 30L);
        // rank 0 waited for the driver's listeners before writing each checkpoint
        assertThat(driver.writtenTooEarly).isEmpty();
        assertThat(driver.ends).containsExactly(result);
        assertThat(result.generator().network().parameters().toFloatVector())
                .isEqualTo(reference.generator().network().parameters().toFloatVector());
        assertThat(result.discriminator().parameters().toFloatVector())
                .isEqualTo(reference.discriminator().parameters().toFloatVector());
        assertSameEpochs(result.history(), reference.history());
        assertThat(result.provenance().steps()).isEqualTo(30);
        assertThat(result.generator().sample(4).ravel().toFloatVector())
                .isEqualTo(reference.generator().sample(4).ravel().toFloatVector());
    }

    /** A listener that throws on the driver ends the job, and the caller gets that exception, not Spark's. */
    @Test
    void aListenerThatThrowsOnTheDriverEndsTheJobWithItsException() throws Exception {
        IllegalStateException stop = new IllegalStateException("the listener's own failure");
        List<Integer> retriedTasks = new CopyOnWriteArrayList<>();
        spark.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart start) {
                if (start.stageAttemptId() > 0) {
                    retriedTasks.add(start.taskInfo().index());
                }
            }
        });
        // 100,000 steps would take minutes
        GanConfig config = GanConfig.Builder.from(DataParallelEquivalenceTest.config(100_000).spec())
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics metrics) {
                        if (metrics.step() == 5) {
                            throw stop;
                        }
                    }
                }).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> SparkGan.train(spark, config, DATA, 2, TIMEOUT, SparkGan.Checkpointing.NONE))
                .isSameAs(stop);
        // cancelled at once: not run to its last step, and not retried as a failed worker would be
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        spark.sc().listenerBus().waitUntilEmpty();
        assertThat(retriedTasks).isEmpty();
    }

    @Test
    void aDatasetDirectoryOnAHadoopFileSystemThatDoesNotExistIsNamedBeforeAnyTaskStarts() {
        String missing = tmp.resolve("no-such-dir").toUri().toString();
        assertThatThrownBy(() -> SparkGan.train(spark, DataParallelEquivalenceTest.config(10), missing, 2, TIMEOUT,
                SparkGan.Checkpointing.NONE)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("cannot copy the dataset directory " + missing);
    }

    @Test
    void aCheckpointDirectoryInTheConfigurationIsRefusedPointingToCheckpointing() {
        GanConfig config = DataParallelEquivalenceTest.config(10).toBuilder().checkpointDir(tmp.resolve("c")).build();
        assertThatThrownBy(() -> SparkGan.train(spark, config, DATA, 2, TIMEOUT, SparkGan.Checkpointing.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SparkGan.Checkpointing");
    }

    @Test
    void periodicEvaluationIsRefusedNamingTheSetting() throws Exception {
        Dataset digits = org.gan4j.data.Datasets.first(Mnist.load(DataParallelEquivalenceTest.MNIST), 100);
        org.gan4j.eval.Evaluation evaluation = org.gan4j.eval.Evaluation.builder(
                org.gan4j.eval.FeatureNetwork.mnist(), digits).build();
        GanConfig config = GanConfig.Builder.from(DataParallelEquivalenceTest.config(10).spec())
                .evaluateEvery(5, evaluation, null).build();
        assertThatThrownBy(() -> SparkGan.train(spark, config, DATA, 2, TIMEOUT, SparkGan.Checkpointing.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evaluateEvery");
    }
}
