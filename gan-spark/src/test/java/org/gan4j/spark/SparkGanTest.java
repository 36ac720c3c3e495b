package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SparkGan} in {@code local[2]}: two barrier tasks, the ring between them, rank 0's generator back. */
class SparkGanTest {

    @TempDir
    Path tmp;

    @Test
    void theHostOfATaskAddress() {
        assertThat(SparkGan.hostOf("127.0.0.1:41234")).isEqualTo("127.0.0.1");
        assertThat(SparkGan.hostOf("worker-3.example")).isEqualTo("worker-3.example");
        assertThat(SparkGan.hostOf("[::1]:41234")).isEqualTo("::1");
        assertThat(SparkGan.hostOf("fe80::1")).isEqualTo("fe80::1");
    }

    /**
     * Rank 0 checkpoints every 10 steps of a 20-step run; a second job resumes from step 10 and ends with the same
     * generator.
     */
    private void resumedCheck(JavaSparkContext spark) throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(20);
        Path dir = tmp.resolve("checkpoints");
        String data = DataParallelEquivalenceTest.MNIST.toString();
        byte[] whole = SparkGan.train(spark, config.spec(), data, 2, Duration.ofSeconds(120),
                new SparkGan.Checkpointing(dir.toString(), 10, null));
        byte[] resumed = SparkGan.train(spark, config.spec(), data, 2, Duration.ofSeconds(120),
                new SparkGan.Checkpointing(tmp.resolve("after").toString(), 5,
                        dir.resolve(org.gan4j.io.Checkpoints.fileName(10)).toString()));
        // it did resume: its checkpoints are of steps 15 and 20 only (a fresh run would write 5 and 10 too)
        assertThat(org.gan4j.io.Checkpoints.list(tmp.resolve("after")).stream().map(org.gan4j.io.Checkpoints::step))
                .containsExactly(15L, 20L);
        Files.write(tmp.resolve("whole.zip"), whole);
        Files.write(tmp.resolve("resumed.zip"), resumed);
        assertThat(GeneratorFile.load(tmp.resolve("resumed.zip"), 1).network().parameters().toFloatVector())
                .isEqualTo(GeneratorFile.load(tmp.resolve("whole.zip"), 1).network().parameters().toFloatVector());
    }

    /**
     * Rank 1 dies after step 25 of a 30-step run in the stage's first attempt: Spark retries the stage, the retry
     * resumes from rank 0's checkpoint of step 20, and the job ends with the generator of a run that never failed;
     * a failure before the first checkpoint restarts from the beginning, to the same bits.
     */
    @Test
    void aWorkerThatDiesIsRetriedFromTheLastCheckpointAndTheRunEndsAsOneThatNeverFailed() throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(30);
        String data = DataParallelEquivalenceTest.MNIST.toString();
        Duration timeout = Duration.ofSeconds(120);
        try (JavaSparkContext spark = new JavaSparkContext(localConf("local[2]"))) {
            List<Long> failedTasksEnded = new java.util.concurrent.CopyOnWriteArrayList<>();
            spark.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                @Override
                public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                    if (end.taskInfo().failed()) {
                        failedTasksEnded.add(end.taskInfo().finishTime());
                    }
                }
            });
            byte[] uninterrupted = SparkGan.train(spark, config.spec(), data, 2, timeout,
                    new SparkGan.Checkpointing(tmp.resolve("whole").toString(), 10, null));
            Path dir = tmp.resolve("failed-after-25");
            byte[] retried = SparkGan.train(spark, config.spec(), data, 2, timeout,
                    new SparkGan.Checkpointing(dir.toString(), 10, null), new SparkGan.SimulatedFailure(1, 25));
            spark.sc().listenerBus().waitUntilEmpty();
            // the first attempt failed (both tasks: the survivor loses its peer), and the retry did not write the
            // checkpoint of step 20 again: it resumed from it
            assertThat(failedTasksEnded).hasSize(2);
            assertThat(Files.getLastModifiedTime(dir.resolve(org.gan4j.io.Checkpoints.fileName(20))).toMillis())
                    .isLessThan(java.util.Collections.min(failedTasksEnded));
            byte[] restarted = SparkGan.train(spark, config.spec(), data, 2, timeout,
                    new SparkGan.Checkpointing(tmp.resolve("failed-after-5").toString(), 10, null),
                    new SparkGan.SimulatedFailure(0, 5));
            assertThat(parameters(retried)).isEqualTo(parameters(uninterrupted));
            assertThat(parameters(restarted)).isEqualTo(parameters(uninterrupted));
            // the retry wrote its checkpoint of step 30 after resuming from 20: all three are in the directory
            assertThat(org.gan4j.io.Checkpoints.list(dir).stream().map(org.gan4j.io.Checkpoints::step))
                    .containsExactly(10L, 20L, 30L);
        }
    }

    /**
     * Data and checkpoints on a Hadoop file system ({@code file:} URIs here): rank 1 dies after step 25 of 30, the
     * retry resumes from the newest checkpoint copied to the Hadoop directory, and the run ends with the bits of the
     * uninterrupted run on local paths; the Hadoop directory then holds rank 0's checkpoints of steps 10, 20 and 30.
     */
    @Test
    void dataAndCheckpointsOnAHadoopFileSystemAndARetryResumingFromThere() throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(30);
        Duration timeout = Duration.ofSeconds(120);
        String data = DataParallelEquivalenceTest.MNIST.toAbsolutePath().normalize().toUri().toString();
        assertThat(data).startsWith("file:/");
        String remote = tmp.resolve("remote").toUri().toString();
        try (JavaSparkContext spark = new JavaSparkContext(localConf("local[2]"))) {
            byte[] local = SparkGan.train(spark, config.spec(), DataParallelEquivalenceTest.MNIST.toString(), 2,
                    timeout, new SparkGan.Checkpointing(tmp.resolve("local").toString(), 10, null));
            byte[] retried = SparkGan.train(spark, config.spec(), data, 2, timeout,
                    new SparkGan.Checkpointing(remote, 10, null), new SparkGan.SimulatedFailure(1, 25));
            assertThat(parameters(retried)).isEqualTo(parameters(local));
        }
        assertThat(org.gan4j.io.Checkpoints.list(tmp.resolve("remote")).stream().map(org.gan4j.io.Checkpoints::step))
                .containsExactly(10L, 20L, 30L);
        // nothing half-copied is left behind
        try (java.util.stream.Stream<Path> files = Files.list(tmp.resolve("remote"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    private float[] parameters(byte[] generatorFile) throws java.io.IOException {
        Path file = Files.createTempFile(tmp, "generator", ".zip");
        Files.write(file, generatorFile);
        return GeneratorFile.load(file, 1).network().parameters().toFloatVector();
    }

    static SparkConf localConf(String master) {
        return new SparkConf().setMaster(master).setAppName("gan4j-spark-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
    }

    @Test
    void twoTasksInLocalModeTrainTheBitsOfTwoReplicasAddedInOneProcessAndResumeFromRankZerosCheckpoint()
            throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(50);
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("gan4j-spark-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
        byte[] generator;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            generator = SparkGan.train(spark, config.spec(), DataParallelEquivalenceTest.MNIST.toString(), 2,
                    Duration.ofSeconds(120));
            resumedCheck(spark);
        }
        Path file = tmp.resolve("generator.zip");
        Files.write(file, generator);
        float[] fromSpark = GeneratorFile.load(file, 1).network().parameters().toFloatVector();

        assertThat(fromSpark).isEqualTo(twoSlicesAddedInOneProcess(config));
    }

    /**
     * The reference of the Spark runs: two replicas on threads whose slices one process adds
     * ({@link DataParallelEquivalenceTest.InProcessSum}); both end with the same generator, which this returns.
     */
    static float[] twoSlicesAddedInOneProcess(GanConfig config) throws Exception {
        Dataset digits = Mnist.load(DataParallelEquivalenceTest.MNIST);
        Nd4jEngine engine = (Nd4jEngine) Gan.engine();
        DataParallelEquivalenceTest.InProcessSum sum = new DataParallelEquivalenceTest.InProcessSum(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> replicas = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int rank = r;
                replicas.add(threads.submit(() -> DataParallelTraining.train(engine, config, digits, sum.of(rank))
                        .generator().network().parameters().toFloatVector()));
            }
            float[] zero = replicas.get(0).get(120, TimeUnit.SECONDS);
            assertThat(replicas.get(1).get(120, TimeUnit.SECONDS)).isEqualTo(zero);
            return zero;
        } finally {
            threads.shutdownNow();
        }
    }
}
