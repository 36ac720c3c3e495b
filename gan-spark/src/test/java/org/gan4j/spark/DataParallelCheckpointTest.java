package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.Checkpoints;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rank 0 writes checkpoints in the single-process format; every worker resumes from one and the run ends as the run
 * that never stopped, to the bit; the plain trainer resumes it too.
 */
class DataParallelCheckpointTest {

    private static Dataset digits;
    private static Nd4jEngine engine;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

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

    private List<float[][]> both(Callable<GanResult> zero, Callable<GanResult> one) throws Exception {
        List<Future<GanResult>> f = List.of(threads.submit(zero), threads.submit(one));
        List<float[][]> out = new ArrayList<>();
        for (Future<GanResult> r : f) {
            out.add(DataParallelEquivalenceTest.parameters(r.get(120, TimeUnit.SECONDS)));
        }
        return out;
    }

    @Test
    void workersResumeFromRankZerosCheckpointAsIfTheRunHadNeverStopped() throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(30);
        GanConfig checkpointing = config.toBuilder().checkpointDir(dir).checkpointEvery(10).build();
        DataParallelEquivalenceTest.InProcessSum sum = new DataParallelEquivalenceTest.InProcessSum(2);
        List<float[][]> whole = both(() -> DataParallelTraining.train(engine, checkpointing, digits, sum.of(0)),
                () -> DataParallelTraining.train(engine, config, digits, sum.of(1)));

        Path at10 = dir.resolve(Checkpoints.fileName(10));
        DataParallelEquivalenceTest.InProcessSum again = new DataParallelEquivalenceTest.InProcessSum(2);
        Path after = dir.resolve("after");
        GanConfig checkpointingAgain = config.toBuilder().checkpointDir(after).checkpointEvery(5)
                .keepCheckpoints(10).build();
        List<float[][]> resumed = both(
                () -> DataParallelTraining.resume(engine, checkpointingAgain, digits, again.of(0), at10),
                () -> DataParallelTraining.resume(engine, config, digits, again.of(1), at10));
        // it did resume: rank 0 checkpointed steps 15 to 30 only
        assertThat(Checkpoints.list(after).stream().map(Checkpoints::step)).containsExactly(15L, 20L, 25L, 30L);
        for (int r = 0; r < 2; r++) {
            assertThat(resumed.get(r)[0]).isEqualTo(whole.get(0)[0]);
            assertThat(resumed.get(r)[1]).isEqualTo(whole.get(0)[1]);
        }

        // the single-process trainer reads the same file and continues at the global batch
        GanResult local = Gan.trainer().resume(config, digits, at10);
        assertThat(local.provenance().steps()).isEqualTo(30);
    }

    /**
     * And the other way: two workers resume from a checkpoint of the single-process trainer at the global batch and
     * end where that trainer ends without stopping, in DOUBLE within the tolerance of the two modes' rounding.
     */
    @Test
    void workersResumeFromASingleProcessCheckpoint() throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(30).toBuilder()
                .dataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE).build();
        Path local = dir.resolve("single-process");
        GanResult plain = Gan.trainer().train(config.toBuilder().checkpointDir(local).checkpointEvery(10).build(),
                digits);
        DataParallelEquivalenceTest.InProcessSum sum = new DataParallelEquivalenceTest.InProcessSum(2);
        Path at10 = local.resolve(Checkpoints.fileName(10));
        List<float[][]> resumed = both(() -> DataParallelTraining.resume(engine, config, digits, sum.of(0), at10),
                () -> DataParallelTraining.resume(engine, config, digits, sum.of(1), at10));
        float[][] expected = DataParallelEquivalenceTest.parameters(plain);
        for (int net = 0; net < 2; net++) {
            double largest = 0;
            for (int i = 0; i < expected[net].length; i++) {
                largest = Math.max(largest, Math.abs(resumed.get(0)[net][i] - expected[net][i]));
            }
            assertThat(largest).as(net == 0 ? "G" : "D").isLessThan(1e-6);
            assertThat(resumed.get(1)[net]).isEqualTo(resumed.get(0)[net]);
        }
    }
}
