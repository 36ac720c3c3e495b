package com.example;

import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Mlp;
import org.gan4j.Recipes;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.io.GeneratorFile;
import org.gan4j.listeners.EpochLogListener;
import org.gan4j.listeners.ProgressBarListener;
import org.gan4j.listeners.RunLog;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The README's API examples as a user's program, built against the installed gan4j artifacts.
 *
 * <p>The code between {@code // README:NAME:begin} and {@code // README:NAME:end} is, de-indented, the text of the
 * README's {@code ```java} blocks, in the same order (gan-examples' {@code ReadmeSnippetsTest} checks this). The rest
 * prepares the working directory and checks that each example really trained.
 *
 * <p>Run from an empty working directory: {@code java com.example.ReadmeExamples MNIST_DIR}, where {@code MNIST_DIR}
 * holds {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}. The README's
 * {@code Path.of("data/mnist")} and {@code RunLog.inNewDirectory(Path.of("runs"))} are relative to the working
 * directory, so this program writes the first {@value #DIGITS} digits to {@code data/mnist} first (50 epochs of
 * 6 batches = 300 steps) and refuses a working directory that already holds {@code runs/}. It runs the API example
 * twice, as a user running their program twice would: each run gets its own directory.
 */
public final class ReadmeExamples {

    /** Digits written to {@code data/mnist}: 6 batches of 32. */
    static final int DIGITS = 192;

    private ReadmeExamples() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ReadmeExamples MNIST_DIR (the repository's data/mnist)");
        }
        if (Files.exists(Path.of("runs"))) {
            throw new IllegalStateException("runs/ exists in " + Path.of("").toAbsolutePath()
                    + "; the checks of the README's run directories need a fresh working directory");
        }
        Path source = Path.of(args[0]);
        Path target = Files.createDirectories(Path.of("data", "mnist"));
        writeFirst(source.resolve("t10k-images-idx3-ubyte.gz"), target.resolve("t10k-images-idx3-ubyte.gz"), DIGITS);
        writeFirst(source.resolve("t10k-labels-idx1-ubyte.gz"), target.resolve("t10k-labels-idx1-ubyte.gz"), DIGITS);

        Properties report = new Properties();
        Dataset mnist = api(report);
        api(report); // a program run twice: a second run directory, nothing overwritten
        custom(mnist, report);
        conv(mnist, report);
        try (OutputStream out = Files.newOutputStream(Path.of("readme-examples.properties"))) {
            report.store(out, "what the README's examples trained");
        }
        System.out.println("README examples: " + report);
    }

    /** The README's API example; returns its dataset for the next example. */
    static Dataset api(Properties report) throws IOException {
        // README:api:begin
        Dataset mnist = Mnist.load(Path.of("data/mnist"));          // IDX files, .gz or raw
        RunLog log = RunLog.inNewDirectory(Path.of("runs"));        // runs/<date-time>/, a new one every time
        GanResult result = Gan.builder()
                .zDim(64)                                            // every default is the reference's
                .batchSize(32)
                .epochs(50)
                .listener(new EpochLogListener())                    // a line per epoch on standard output
                .listener(new ProgressBarListener())                 // on a terminal: steps/s, time left, losses
                .listener(log)                                       // metrics, plot, grids, animation, TensorBoard, report
                .train(mnist);
        INDArray images = result.generator().sample(16);             // [16, 784] in [-1, 1]
        GeneratorFile.save(log.directory().resolve("generator.zip"), result.generator());
        System.out.println(result.provenance());                     // config, seed, backend, steps, wall time
        // README:api:end
        check("api", result, images, 50L * DIGITS / 32, report);
        report.setProperty("api.runs", report.getProperty("api.runs", "") + log.directory().getFileName() + ";");
        return mnist;
    }

    /** The README's custom architecture. */
    static void custom(Dataset mnist, Properties report) {
        // README:custom:begin
        GanResult result = Gan.builder()
                .generator(Mlp.of(Activation.leakyRelu(0.2), Activation.tanh(), 256, 512))          // z -> 256 -> 512 -> 784
                .discriminator(Mlp.of(Activation.leakyRelu(0.2), Activation.identity(), 256, 128))  // 784 -> 256 -> 128 -> logit
                .learningRate(2e-4).betas(0.5, 0.999)
                .maxSteps(5_000)
                .train(mnist);
        // README:custom:end
        check("custom", result, result.generator().sample(16), 5_000, report);
    }

    /** The README's convolutional example. */
    static void conv(Dataset mnist, Properties report) {
        // README:conv:begin
        NetworkSpec critic = NetworkSpec.sequential(Shape.image(1, 28, 28),  // shapes are inferred and checked as you build:
                conv2d(32, 4, 2, 1), leakyRelu(0.2),                          // a layer that does not fit is named, with both
                conv2d(64, 4, 2, 1), batchNorm(), leakyRelu(0.2),             // shapes, here and not at the first step
                flatten(), dense(1));
        GanResult conv = Recipes.dcgan()                                     // the DCGAN recipe's generator and settings
                .discriminator(critic)
                .maxSteps(50)
                .train(mnist);
        // README:conv:end
        check("conv", conv, conv.generator().sample(16), 50, report);
    }

    /** Fails unless the run took the expected steps and its generator gives finite images in [-1, 1]. */
    private static void check(String example, GanResult result, INDArray images, long steps, Properties report) {
        long[] shape = images.shape();
        double min = images.minNumber().doubleValue();
        double max = images.maxNumber().doubleValue();
        double lossD = result.history().get(result.history().size() - 1).lossD();
        if (result.provenance().steps() != steps || !Arrays.equals(shape, new long[] {16, 784})
                || !(min >= -1 && max <= 1 && min < max) || !Double.isFinite(lossD)) {
            throw new IllegalStateException(example + ": expected " + steps + " steps and [16, 784] samples in [-1, 1],"
                    + " got " + result.provenance().steps() + " steps, " + Arrays.toString(shape) + " in [" + min
                    + ", " + max + "], last lossD " + lossD);
        }
        report.setProperty(example + ".steps", Long.toString(result.provenance().steps()));
        report.setProperty(example + ".samples", shape[0] + "x" + shape[1]);
        report.setProperty(example + ".generatorParameters",
                Long.toString(result.generator().network().parameterCount()));
    }

    /** Copies the IDX header (with the count changed) and the first {@code count} items of a gzip IDX file. */
    private static void writeFirst(Path from, Path to, int count) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(from))) {
            all = in.readAllBytes();
        }
        ByteBuffer header = ByteBuffer.wrap(all);
        int dims = all[3];
        int headerBytes = 4 + 4 * dims;
        int itemBytes = 1;
        for (int d = 1; d < dims; d++) {
            itemBytes *= header.getInt(4 + 4 * d);
        }
        byte[] first = Arrays.copyOf(all, headerBytes + count * itemBytes);
        ByteBuffer.wrap(first).putInt(4, count);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            out.write(first);
        }
    }
}
