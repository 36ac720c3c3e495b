package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;

/**
 * Absurd sizes on the command line are refused in one line that names the option to lower, before anything is
 * allocated or created; what still runs out of memory is reported in one line too (a real heap exhaustion in a child
 * JVM with a small -Xmx, ND4J's real native allocation failure, JavaCPP's limit).
 */
class MemoryLimitsCliTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path trained;

    @BeforeAll
    static void trainAGenerator() {
        trained = shared.resolve("run");
        CliTest.Run train = CliTest.run("train", "--steps", "1", "--run-dir", trained.toString());
        assertThat(train.status()).as(train.err()).isZero();
    }

    /** One line on standard error (log lines aside), starting "gan4j: error: ", without a stack trace. */
    private static String oneErrorLine(CliTest.Run run) {
        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.errLines()).as(run.err()).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.errLines().get(0)).startsWith("gan4j: error: ");
        return run.errLines().get(0);
    }

    @Test
    void aHugeZDimIsRefusedBeforeTheRunDirectoryIsCreated() {
        Path dir = tmp.resolve("run");
        String line = oneErrorLine(CliTest.run("train", "--z-dim", "2147483647", "--steps", "1", "--run-dir",
                dir.toString()));
        // it was a native std::bad_alloc after the run directory had been created
        assertThat(line).contains("training needs an array of").contains("--z-dim");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aZDimThatOverflowsNothingButCannotFitIsRefusedWithTheEstimate() {
        Path dir = tmp.resolve("run");
        // 100,000,000 x 256 weights: 400 GB of parameters, an array too long for a checkpoint as well
        String line = oneErrorLine(CliTest.run("train", "--z-dim", "100000000", "--steps", "1", "--run-dir",
                dir.toString()));
        assertThat(line).contains("--z-dim").contains("lower");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aHugeBatchSizeIsRefused() {
        Path dir = tmp.resolve("run");
        String line = oneErrorLine(CliTest.run("train", "--batch-size", "2147483647", "--steps", "1", "--run-dir",
                dir.toString()));
        assertThat(line).contains("batchSize 2147483647").contains("use at most 10000");
        assertThat(dir).doesNotExist();
    }

    @Test
    void benchRefusesStepsThatOverflowAndABatchLargerThanItsDataBeforeItStarts() {
        CliTest.Run run = CliTest.run("bench", "--steps", "9223372036854775807", "--warmup", "10");
        // it was "maxSteps must be positive, got -9223372036854775799"
        assertThat(oneErrorLine(run)).isEqualTo("gan4j: error: --steps 9223372036854775807 plus --warmup 10 is more "
                + "steps than a run counts (9223372036854775807)");
        run = CliTest.run("bench", "--batch", "20000", "--steps", "1", "--warmup", "0");
        assertThat(oneErrorLine(run)).contains("batchSize 20000 is larger than the dataset's 10000 images");
        assertThat(run.out()).as("refused before the header").doesNotContain("gan4j bench:");
    }

    private Path imageFolder(int files) throws IOException {
        Path dir = tmp.resolve("images");
        Files.createDirectories(dir);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < files; i++) {
            javax.imageio.ImageIO.write(image, "png", dir.resolve(i + ".png").toFile());
        }
        return dir;
    }

    @Test
    void anImageSizeBeyondAnArrayIsRefusedBeforeAnyFileIsDecoded() throws IOException {
        Path images = imageFolder(2);
        Path dir = tmp.resolve("run");
        // it was a NegativeArraySizeException
        String line = oneErrorLine(CliTest.run("train", "--dataset", images.toString(), "--image-size",
                "50000x50000", "--steps", "1", "--run-dir", dir.toString()));
        assertThat(line).startsWith("gan4j: error: --image-size 50000x50000 with --channels 1 makes 2500000000 pixels")
                .endsWith("lower --image-size");
        assertThat(dir).doesNotExist();
        line = oneErrorLine(CliTest.run("train", "--dataset", images.toString(), "--image-size", "40000x40000",
                "--channels", "3", "--steps", "1", "--run-dir", dir.toString()));
        assertThat(line).contains("1600000000 pixels of 3 values per image");
    }

    @Test
    void aFolderWhosePixelsCannotBeHeldIsRefusedBeforeLoading() throws IOException {
        Path images = imageFolder(300);
        Path dir = tmp.resolve("run");
        // 300 x 3000 x 3000 x 3 = 8.1e9 values: more than the one array ImageFolder keeps them in
        String line = oneErrorLine(CliTest.run("train", "--dataset", images.toString(), "--image-size", "3000x3000",
                "--channels", "3", "--steps", "1", "--run-dir", dir.toString()));
        assertThat(line).contains("--image-size 3000x3000 for the 300 files of " + images)
                .contains("8100000000 pixel values").endsWith("lower --image-size or use fewer images");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aLargeImageSizeIsRefusedByTheTrainingEstimate() throws IOException {
        Path images = imageFolder(4);
        Path dir = tmp.resolve("run");
        // it was 9 GB and an OutOfMemoryError trace
        String line = oneErrorLine(CliTest.run("train", "--dataset", images.toString(), "--image-size", "3000x3000",
                "--batch-size", "2", "--steps", "1", "--run-dir", dir.toString()));
        assertThat(line).startsWith("gan4j: error: training needs")
                .contains("--batch-size, --z-dim or --image-size, or pick a smaller --recipe");
        assertThat(dir).doesNotExist();
    }

    @Test
    void sampleCountsThatCannotFitAreRefusedBeforeSampling() {
        Path out = tmp.resolve("samples.idx");
        for (String count : new String[] {"2147483647", "3000000"}) {
            // they were an integer overflow and "newLimit > capacity"
            String line = oneErrorLine(CliTest.run("sample", "--run-dir", trained.toString(), "--count", count,
                    "--out", out.toString()));
            assertThat(line).startsWith("gan4j: error: sampling " + count + " images of 28x28x1 needs an array of")
                    .endsWith("more than a Java array holds (2147483639); lower --count");
            assertThat(out).doesNotExist();
        }
        Path png = tmp.resolve("grid.png");
        String line = oneErrorLine(CliTest.run("sample", "--run-dir", trained.toString(), "--count", "2000000000",
                "--out", png.toString()));
        assertThat(line).contains("lower --count");
        assertThat(png).doesNotExist();
    }

    @Test
    void tenThousandDcganSamplesFitInASmallHeap() throws Exception {
        Path run = tmp.resolve("dcgan");
        CliTest.Run train = CliTest.run("train", "--recipe", "dcgan", "--steps", "1", "--run-dir", run.toString());
        assertThat(train.status()).as(train.err()).isZero();
        Path out = tmp.resolve("samples.idx");
        // all 10,000 through the network at once kept 65,000 activations per image: OutOfMemoryError at -Xmx256m
        // (and 4 GB resident at -Xmx1g); in chunks of TrainedGenerator.SAMPLE_CHUNK it stays near 370 MB resident
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Gan4jCli.class.getName(), "sample", "--run-dir", run.toString(), "--count", "10000", "--out",
                out.toString()));
        Path log = tmp.resolve("sample.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
        assertThat(Files.size(out)).isEqualTo(16 + 10_000L * 784);
    }

    // ---- what the estimate lets through: the handler in Gan4jCli ----

    /** A stand-in for the program whose only command is "train" and fails as it is told. */
    @Command(name = "gan4j", subcommands = Failing.class)
    static final class StandIn implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Throws what the test put in {@link #failure}, or runs {@link #work}. */
    @Command(name = "train")
    static final class Failing implements Callable<Integer> {
        static Throwable failure;
        static Callable<Integer> work;

        @Override
        public Integer call() throws Exception {
            if (work != null) {
                return work.call();
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    private static CliTest.Run runStandIn(Throwable failure, Callable<Integer> work) {
        Failing.failure = failure;
        Failing.work = work;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Gan4jCli.execute(new StandIn(), new String[] {"train"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        Failing.failure = null;
        Failing.work = null;
        return new CliTest.Run(status, out.toString(), err.toString());
    }

    @Test
    void anOutOfMemoryErrorOfTheHeapIsOneLineNamingTheOptionsAndTheLimit() {
        String line = oneErrorLine(runStandIn(new OutOfMemoryError("Java heap space"), null));
        assertThat(line).startsWith("gan4j: error: out of Java heap (the limit, -Xmx, is ")
                .contains("while running 'train'; lower --batch-size, --z-dim or --image-size, or pick a smaller "
                        + "--recipe, or raise the limit: GAN4J_JAVA_OPTS=-Xmx4g ./gan4j");
    }

    @Test
    void anOutOfMemoryErrorWrappedInAUserErrorIsStillAMemoryError() {
        // what a background writer's failure looks like on the training thread (listeners' Background)
        String line = oneErrorLine(runStandIn(new IllegalStateException("Java heap space",
                new OutOfMemoryError("Java heap space")), null));
        assertThat(line).startsWith("gan4j: error: out of Java heap").contains("lower --batch-size");
    }

    @Test
    void javaCppsPhysicalMemoryLimitIsNativeMemory() {
        String line = oneErrorLine(runStandIn(new RuntimeException("wrapped", new OutOfMemoryError(
                "Physical memory usage is too high: physicalBytes (5G) > maxPhysicalBytes (4G)")), null));
        assertThat(line).startsWith("gan4j: error: out of native memory (Physical memory usage is too high")
                .contains("org.bytedeco.javacpp.maxPhysicalBytes").contains("lower --batch-size");
    }

    @Test
    void nd4jsRealNativeAllocationFailureIsOneLine() {
        // 2^50 floats: more than any address space, so it fails the same way whatever the machine's overcommit
        String line = oneErrorLine(runStandIn(null, () -> {
            Nd4j.create(DataType.FLOAT, 1L << 50);
            return 0;
        }));
        assertThat(line).startsWith("gan4j: error: out of native memory: ND4J could not allocate an array "
                + "(Allocation failed").contains("lower --batch-size");
    }

    @Test
    void otherFailuresStillShowTheirTrace() {
        CliTest.Run run = runStandIn(new ArithmeticException("/ by zero"), null);
        assertThat(run.status()).isNotZero();
        assertThat(run.err()).as("a bug is not dressed up as a memory problem").contains("ArithmeticException")
                .contains("\tat ").doesNotContain("memory");
    }

    @Test
    void aRealHeapExhaustionInASmallJvmIsOneLine() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                HeapExhaustion.class.getName()));
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("[")).toList();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).singleElement().asString()
                .startsWith("gan4j: error: out of Java heap (the limit, -Xmx, is ")
                .contains("lower --batch-size");
    }

    /** The child: the stand-in program whose command fills the heap for real. */
    static final class HeapExhaustion {
        public static void main(String[] args) {
            Failing.work = () -> {
                List<long[]> hoard = new ArrayList<>(); // garbage once the command has failed, as in a real run
                while (true) {
                    hoard.add(new long[1 << 17]); // 1 MB at a time until the heap is gone
                }
            };
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            int status = Gan4jCli.execute(new StandIn(), new String[] {"train"}, out, err);
            System.exit(status);
        }
    }
}
