package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.GradientExchange;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data-parallel run never continues with fewer workers: a worker that dies ends the others' runs with an error. */
class DataParallelFailureTest {

    private static Dataset digits;
    private static Nd4jEngine engine;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(DataParallelEquivalenceTest.MNIST), 640);
        engine = (Nd4jEngine) Gan.engine();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Rank 1's exchange: its process "dies" (closes its ring and throws) at its {@code dieAt}-th exchange. */
    private static GradientExchange dyingAt(RingAllReduce ring, int dieAt) {
        return new ForwardingExchange(new RingExchange(ring)) {
            private int calls;

            @Override
            public void sum(float[] values) {
                check();
                super.sum(values);
            }

            @Override
            public void sum(double[] values) {
                check();
                super.sum(values);
            }

            private void check() {
                if (++calls == dieAt) {
                    ring.close();
                    throw new IllegalStateException("worker 1 killed");
                }
            }
        };
    }

    @Test
    void aWorkerThatDiesMidRunEndsTheOthersRunWithAnErrorNamingIt() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<ServerSocket> servers = List.of(RingAllReduce.listen(loopback), RingAllReduce.listen(loopback));
        List<InetSocketAddress> peers = List.of(new InetSocketAddress(loopback, servers.get(0).getLocalPort()),
                new InetSocketAddress(loopback, servers.get(1).getLocalPort()));
        List<Future<RingAllReduce>> connecting = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int rank = r;
            connecting.add(threads.submit(() ->
                    RingAllReduce.connect(rank, peers, servers.get(rank), Duration.ofSeconds(60))));
        }
        RingAllReduce zero = connecting.get(0).get(60, TimeUnit.SECONDS);
        RingAllReduce one = connecting.get(1).get(60, TimeUnit.SECONDS);
        GanConfig config = DataParallelEquivalenceTest.config(40);
        // four exchanges a step (D's gradient and metrics, G's gradient and loss): dies in step 6
        Future<GanResult> survivor = threads.submit(() ->
                DataParallelTraining.train(engine, config, digits, new RingExchange(zero)));
        Future<GanResult> dying = threads.submit(() ->
                DataParallelTraining.train(engine, config, digits, dyingAt(one, 23)));
        assertThatThrownBy(() -> dying.get(60, TimeUnit.SECONDS)).hasRootCauseMessage("worker 1 killed");
        // rank 0 fails at once (the dead ring closed its connections), not at its 60-s timeout, and says who died
        assertThatThrownBy(() -> survivor.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("rank 1 (" + peers.get(1) + ")");
        zero.close();
    }

    @Test
    void whatTheModeCannotSliceYetIsRefusedWhenTheRunStarts() throws Exception {
        GradientExchange alone = new DataParallelEquivalenceTest.InProcessSum(1).of(0);
        // a custom discriminator with a random stream of its own (here: mlp-tuned's, with dropout, behind a
        // wrapper), whose draws the step cannot slice per worker
        GanConfig tuned = org.gan4j.Recipes.named("mlp-tuned").builder().batchSize(64).maxSteps(5).build();
        org.gan4j.Discriminator inner = engine.discriminator(tuned.discriminatorSpec(digits.imageShape()),
                tuned.dataType(), 1);
        GanConfig custom = tuned.toBuilder().discriminator(new Wrapped(inner)).build();
        assertThatThrownBy(() -> DataParallelTraining.train(engine, custom, digits, alone))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot slice the random draws of the discriminator (2 random streams, 0 of them");
        GanConfig odd = DataParallelEquivalenceTest.config(5).toBuilder().batchSize(63).build();
        assertThatThrownBy(() -> DataParallelTraining.train(engine, odd, digits,
                new DataParallelEquivalenceTest.InProcessSum(2).of(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 63 is not a multiple of the 2 workers; 64 would be");
        // 640 images in batches of 48: the last of each epoch holds 16, which 3 workers cannot split (nor would any
        // multiple of 3: 640 is not one); refused before the first step, saying what would do
        GanConfig uneven = DataParallelEquivalenceTest.config(5).toBuilder().maxSteps(100).batchSize(48).build();
        assertThatThrownBy(() -> DataParallelTraining.train(engine, uneven, digits,
                new DataParallelEquivalenceTest.InProcessSum(3).of(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the last batch of each epoch holds 16 images (640 images of ")
                .hasMessageContaining("which do not split evenly among 3 workers")
                .hasMessageContaining("train on 639 of the images (Datasets.first), on a number of workers that "
                        + "divides 640, or for fewer than 14 steps");
        // a run that stops before the last batch never meets it: it trains
        GanConfig brief = uneven.toBuilder().maxSteps(2).batchSize(48).build();
        DataParallelEquivalenceTest.InProcessSum three = new DataParallelEquivalenceTest.InProcessSum(3);
        List<Future<GanResult>> ranks = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int rank = r;
            ranks.add(threads.submit(() -> DataParallelTraining.train(engine, brief, digits, three.of(rank))));
        }
        for (Future<GanResult> f : ranks) {
            assertThat(f.get(60, TimeUnit.SECONDS).provenance().steps()).isEqualTo(2);
        }
    }

    /** A discriminator the step does not know: another's behind a wrapper. */
    private record Wrapped(org.gan4j.Discriminator d) implements org.gan4j.Discriminator {
        @Override
        public int inputSize() {
            return d.inputSize();
        }

        @Override
        public int outputSize() {
            return d.outputSize();
        }

        @Override
        public org.nd4j.linalg.api.buffer.DataType dataType() {
            return d.dataType();
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray forward(org.nd4j.linalg.api.ndarray.INDArray x, boolean training) {
            return d.forward(x, training);
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray backward(org.nd4j.linalg.api.ndarray.INDArray dy) {
            return d.backward(dy);
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray parameters() {
            return d.parameters();
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray gradients() {
            return d.gradients();
        }

        @Override
        public void zeroGrad() {
            d.zeroGrad();
        }

        @Override
        public java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> buffers() {
            return d.buffers();
        }
    }

    /** A truncated image file (a copy cut short) fails the job with the IDX reader's error naming the file. */
    @Test
    void aTruncatedDataFileFailsTheSparkJobNamingTheFile() throws IOException {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("partial-mnist"));
        byte[] images = java.nio.file.Files.readAllBytes(
                DataParallelEquivalenceTest.MNIST.resolve("t10k-images-idx3-ubyte.gz"));
        Path cut = dir.resolve("t10k-images-idx3-ubyte.gz");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(images, images.length / 2));
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("gan4j-spark-failure-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            assertThatThrownBy(() -> SparkGan.train(spark, DataParallelEquivalenceTest.config(5).spec(),
                    dir.toString(), 2, Duration.ofSeconds(60)))
                    .hasMessageContaining("gan4j worker")
                    .hasMessageContaining(cut.toString());
        }
    }

    @Test
    void aDatasetThatCannotBeReadFailsTheSparkJobNamingIt() {
        Path missing = tmp.resolve("no-such-mnist");
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("gan4j-spark-failure-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            assertThatThrownBy(() -> SparkGan.train(spark, DataParallelEquivalenceTest.config(5).spec(),
                    missing.toString(), 2, Duration.ofSeconds(60)))
                    .hasMessageContaining("gan4j worker")
                    .hasMessageContaining(missing.toString());
        }
    }
}
