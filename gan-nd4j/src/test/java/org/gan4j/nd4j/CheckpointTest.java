package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checkpoints on real digits: bit-exact resume, retention, corruption, divergence, early stop. */
class CheckpointTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 1000);
    }

    private static GanConfig.Builder base() {
        return Gan.builder().seed(23);
    }

    private static byte[] bytes(INDArray a) {
        return ArrayBytes.toBytes(a);
    }

    private static void assertSameRun(GanResult a, GanResult b) {
        assertThat(bytes(b.generator().network().parameters())).as("generator parameters, byte for byte")
                .isEqualTo(bytes(a.generator().network().parameters()));
        assertThat(bytes(b.discriminator().parameters())).as("discriminator parameters, byte for byte")
                .isEqualTo(bytes(a.discriminator().parameters()));
        INDArray z = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 64);
        assertThat(bytes(b.generator().sample(z))).as("samples for the same noise")
                .isEqualTo(bytes(a.generator().sample(z)));
    }

    @Test
    void aResumedRunIsBitIdenticalToOneThatNeverStopped() throws IOException {
        GanResult straight = Gan.trainer().train(base().maxSteps(300).build(), digits);

        Path dir = tmp.resolve("a");
        GanResult half = Gan.trainer().train(base().maxSteps(150).checkpointDir(dir).checkpointEvery(50).build(),
                digits);
        assertThat(half.provenance().steps()).isEqualTo(150);
        Path newest = CheckpointFile.newest(dir);
        assertThat(newest.getFileName().toString()).isEqualTo("checkpoint-0000000150.zip");
        GanResult resumed = Gan.trainer().resume(base().maxSteps(300).build(), digits, newest);
        assertThat(resumed.provenance().steps()).isEqualTo(300);
        assertSameRun(straight, resumed);
    }

    @Test
    void resumingFromAnOlderCheckpointWithAnotherIntervalStillMatches() throws IOException {
        GanResult straight = Gan.trainer().train(base().maxSteps(300).build(), digits);
        Path dir = tmp.resolve("b");
        Gan.trainer().train(base().maxSteps(120).checkpointDir(dir).checkpointEvery(40).keepCheckpoints(5).build(),
                digits);
        assertThat(CheckpointFile.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-0000000040.zip", "checkpoint-0000000080.zip", "checkpoint-0000000120.zip");
        Path dir2 = tmp.resolve("b2");
        GanResult resumed = Gan.trainer().resume(base().maxSteps(300).checkpointDir(dir2).checkpointEvery(70)
                .build(), digits, dir.resolve("checkpoint-0000000080.zip"));
        assertSameRun(straight, resumed);
        // every epoch (32 steps for 1,000 images) by default; the end of training too
        Path dir3 = tmp.resolve("b3");
        Gan.trainer().train(base().maxSteps(100).checkpointDir(dir3).build(), digits);
        assertThat(CheckpointFile.list(dir3)).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-0000000064.zip", "checkpoint-0000000096.zip", "checkpoint-0000000100.zip");
    }

    @Test
    void onlyTheNewestCheckpointsAreKept() throws IOException {
        Path dir = tmp.resolve("keep");
        Gan.trainer().train(base().maxSteps(100).checkpointDir(dir).checkpointEvery(10).keepCheckpoints(3).build(),
                digits);
        assertThat(CheckpointFile.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-0000000080.zip", "checkpoint-0000000090.zip", "checkpoint-0000000100.zip");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void damagedTruncatedOrForeignCheckpointsAreRefusedNamingTheProblem() throws IOException {
        Path dir = tmp.resolve("c");
        Gan.trainer().train(base().maxSteps(40).checkpointDir(dir).checkpointEvery(20).build(), digits);
        Path good = dir.resolve("checkpoint-0000000040.zip");
        byte[] bytes = Files.readAllBytes(good);

        // one bit flipped in the discriminator's parameters, the manifest (and its checksums) left as written
        Path flipped = dir.resolve("checkpoint-0000000041.zip");
        CheckpointFile.Contents c = CheckpointFile.read(good);
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>(c.entries());
        byte[] d = entries.get("discriminator.bin").clone();
        d[1234] ^= 0x10;
        entries.put("discriminator.bin", d);
        rewriteManifest(flipped, c.manifest(), entries);
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(80).build(), digits, flipped))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("entry discriminator.bin is damaged")
                .hasMessageContaining("other checkpoints there: [checkpoint-0000000020.zip, checkpoint-0000000040.zip]");

        Path truncated = Files.write(dir.resolve("checkpoint-0000000042.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(80).build(), digits, truncated))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(truncated.toString());

        assertThatThrownBy(() -> Gan.trainer().resume(base().zDim(32).maxSteps(80).build(), digits, good))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with another run spec; the first field that differs is zDim: 64 vs "
                        + "32");
        assertThatThrownBy(() -> Gan.trainer().resume(base().generator(org.gan4j.Mlp.of(
                        org.gan4j.Activation.relu(), org.gan4j.Activation.tanh(), 128)).maxSteps(80).build(), digits, good))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("the first field that differs is generator: Mlp[256]");
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(80).build(),
                Datasets.first(digits, 999), good))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written for dataset");
    }

    /** Writes a checkpoint zip with exactly this manifest (no checksum recomputation). */
    private static void rewriteManifest(Path file, java.util.Properties manifest, java.util.Map<String, byte[]> entries)
            throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new java.util.zip.ZipEntry(CheckpointFile.MANIFEST));
            manifest.store(out, null);
            out.closeEntry();
            for (var e : entries.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    @Test
    void aPoisonedBatchStopsTrainingAtItsStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path dir = tmp.resolve("nan");
        Dataset poisoned = new PoisonedAfter(digits, 110);
        assertThatThrownBy(() -> Gan.trainer().train(base().maxSteps(300).checkpointDir(dir).checkpointEvery(25)
                .build(), poisoned))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("training diverged at step 111")
                .hasMessageContaining("first non-finite tensor: ")
                .hasMessageContaining("the last good checkpoint is " + dir.toAbsolutePath()
                        .resolve("checkpoint-0000000100.zip"));
        List<Path> left = CheckpointFile.list(dir);
        assertThat(left).extracting(p -> p.getFileName().toString()).last().isEqualTo("checkpoint-0000000100.zip");
        GanResult resumed = Gan.trainer().resume(base().maxSteps(120).build(), digits, left.get(left.size() - 1));
        assertThat(resumed.provenance().steps()).isEqualTo(120);
    }

    @Test
    void aStopRequestWritesACheckpointAndReturns() throws IOException {
        Path dir = tmp.resolve("stop");
        AtomicBoolean stop = new AtomicBoolean();
        GanResult r = Gan.trainer().train(base().maxSteps(1000).checkpointDir(dir).listener(new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                if (m.step() == 45) {
                    stop.set(true);
                }
            }
        }).stopWhen(stop::get).build(), digits);
        assertThat(r.provenance().steps()).isEqualTo(45);
        assertThat(CheckpointFile.newest(dir).getFileName().toString()).isEqualTo("checkpoint-0000000045.zip");
        // the generator inside a checkpoint loads on its own, for sampling
        assertThat(GeneratorFile.load(CheckpointFile.newest(dir), 0).sample(3).shape()).containsExactly(3, 784);
    }

    /** Real images, except that from the n-th batch on every pixel is NaN. */
    static final class PoisonedAfter implements Dataset {
        private final Dataset of;
        private final int goodBatches;
        private int batches;

        PoisonedAfter(Dataset of, int goodBatches) {
            this.of = of;
            this.goodBatches = goodBatches;
        }

        @Override public String name() { return of.name(); }
        @Override public int size() { return of.size(); }
        @Override public int height() { return of.height(); }
        @Override public int width() { return of.width(); }
        @Override public int channels() { return of.channels(); }
        @Override public boolean hasLabels() { return false; }
        @Override public int label(int index) { throw new IllegalStateException(); }

        @Override
        public void copyImages(int[] indices, int from, int count, float[] dest) {
            of.copyImages(indices, from, count, dest);
            if (++batches > goodBatches) {
                Arrays.fill(dest, 0, count * imageSize(), Float.NaN);
            }
        }
    }
}
