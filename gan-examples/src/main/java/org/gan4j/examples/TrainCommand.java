package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Provenance;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.data.ImageDataset;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.ImageGrid;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gan4j train}: the reference simple GAN on MNIST, with its outputs in a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the simple GAN (the reference configuration unless options change it).",
                "Writes into the run directory: real.png, samples/epoch-NNN.png, metrics.csv, generator.zip, "
                        + "run.properties."})
final class TrainCommand implements Callable<Integer> {

    /** File names inside a run directory. */
    static final String GENERATOR_FILE = "generator.zip";
    static final String METRICS_FILE = "metrics.csv";
    static final String REAL_GRID = "real.png";
    static final String SAMPLES_DIR = "samples";
    static final String RUN_FILE = "run.properties";

    @Spec
    CommandSpec spec;

    @Mixin
    DataSource data = new DataSource();

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: 50).")
        Integer epochs;

        @Option(names = "--steps", paramLabel = "N", description = "Stop after N steps instead of after epochs.")
        Long steps;
    }

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialisation, noise and shuffling "
            + "(default: " + GanConfig.DEFAULT_SEED + ").")
    long seed = GanConfig.DEFAULT_SEED;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Where outputs go (default: runs/<date-time>). "
            + "Must not already hold a run.")
    Path runDir;

    @Option(names = "--batch-size", paramLabel = "B", description = "Real images per step (default: 32).")
    int batchSize = GanConfig.DEFAULT_BATCH_SIZE;

    @Option(names = "--z-dim", paramLabel = "Z", description = "Noise size (default: 64).")
    int zDim = GanConfig.DEFAULT_Z_DIM;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate (default: 3e-4).")
    double learningRate = GanConfig.DEFAULT_LEARNING_RATE;

    @Option(names = "--threads", paramLabel = "T", description = "BLAS threads (default: 1, fastest for small "
            + "batches; see docs/performance.md).")
    Integer threads;

    @Option(names = "--blas", paramLabel = "WHICH", description = "bundled (default) or system OpenBLAS.")
    String blas = "bundled";

    @Option(names = "--blas-dir", paramLabel = "DIR", description = "Directory of libopenblas.so.0 for --blas system.")
    Path blasDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        GanConfig.Builder builder = Gan.builder().seed(seed).batchSize(batchSize).zDim(zDim)
                .learningRate(learningRate);
        if (length.epochs != null) {
            builder.epochs(length.epochs);
        }
        if (length.steps != null) {
            builder.maxSteps(length.steps);
        }
        if (threads != null) {
            if (threads <= 0) {
                throw new IllegalArgumentException("--threads must be positive, got " + threads);
            }
            System.setProperty("gan4j.threads", Integer.toString(threads));
        }
        BlasChoice.apply(blas, blasDir);
        Path dir = checkRunDir();
        ImageDataset images = data.load();
        Files.createDirectories(dir); // only now: a failed start leaves no empty run directory behind
        out.printf("Training on %s: %d images of %dx%dx%d%n", images.name(), images.size(), images.height(),
                images.width(), images.channels());
        out.printf("Run directory: %s%n", dir);
        writeRealGrid(images, dir.resolve(REAL_GRID));

        int stepsPerEpoch = (images.size() + batchSize - 1) / batchSize;
        long totalEpochs = length.steps != null ? (length.steps + stepsPerEpoch - 1) / stepsPerEpoch
                : builder.build().epochs();
        GanResult result;
        try (MetricsCsv metrics = new MetricsCsv(dir.resolve(METRICS_FILE))) {
            GanConfig config = builder.listener(new EpochPrinter(out, totalEpochs)).listener(metrics)
                    .listener(new SampleGrids(dir.resolve(SAMPLES_DIR), seed + 1)).build();
            result = Gan.trainer().train(config, images);
            GeneratorFile.save(dir.resolve(GENERATOR_FILE), config.generatorMlp(), result.generator());
        }
        writeRunFile(dir.resolve(RUN_FILE), result.provenance());
        Provenance p = result.provenance();
        double seconds = p.wallTime().toNanos() / 1e9;
        out.printf(Locale.ROOT, "Done: %d steps in %.1f s (%.0f steps/s, peak RSS %d MB) on %s%n", p.steps(),
                seconds, p.steps() / seconds, ProcessMemory.peakRssMb(), p.backend());
        out.printf("Generator: %s%n", dir.resolve(GENERATOR_FILE));
        return 0;
    }

    private Path checkRunDir() {
        Path dir = runDir != null ? runDir
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        for (String name : new String[] {GENERATOR_FILE, METRICS_FILE, RUN_FILE}) {
            if (Files.exists(dir.resolve(name))) {
                throw new IllegalArgumentException("--run-dir " + dir + " already holds a run (" + name
                        + "); choose another directory or remove it");
            }
        }
        return dir;
    }

    private static void writeRealGrid(ImageDataset data, Path file) throws IOException {
        int count = Math.min(SampleGrids.COUNT, data.size());
        float[] values = new float[count * data.imageSize()];
        data.copyImages(IntStream.range(0, count).toArray(), 0, count, values);
        ImageGrid.writePng(file, Nd4j.createFromArray(values).reshape('c', count, data.imageSize()), data.height(),
                data.width(), data.channels(), SampleGrids.COLUMNS);
    }

    private static void writeRunFile(Path file, Provenance p) throws IOException {
        Properties props = new Properties();
        props.setProperty("config", p.config().toString());
        props.setProperty("seed", Long.toString(p.seed()));
        props.setProperty("dataset", p.datasetName());
        props.setProperty("datasetSize", Integer.toString(p.datasetSize()));
        props.setProperty("provider", p.provider());
        props.setProperty("backend", p.backend());
        props.setProperty("gan4jVersion", p.libraryVersion());
        props.setProperty("steps", Long.toString(p.steps()));
        props.setProperty("epochs", Integer.toString(p.epochs()));
        props.setProperty("startedAt", p.startedAt().toString());
        props.setProperty("wallTimeSeconds", String.format(Locale.ROOT, "%.3f", p.wallTime().toNanos() / 1e9));
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "gan4j run provenance");
        }
    }

    /** Prints one line per epoch, like the reference program's per-epoch log. */
    static final class EpochPrinter implements TrainingListener {
        private final PrintWriter out;
        private final long totalEpochs;

        EpochPrinter(PrintWriter out, long totalEpochs) {
            this.out = out;
            this.totalEpochs = totalEpochs;
        }

        @Override
        public void onStart(GanConfig config, String backend) {
            out.println("Backend: " + backend);
        }

        @Override
        public void onEpochEnd(EpochSummary s, TrainedGenerator generator) {
            out.printf(Locale.ROOT, "Epoch [%d/%d] step %d  lossD %.4f  lossG %.4f  D(x) %.3f  D(G(z)) %.3f  "
                            + "(%.1f s, RSS %d MB)%n", s.epoch(), totalEpochs, s.lastStep(), s.lossD(), s.lossG(),
                    s.meanDReal(), s.meanDFake(), s.elapsed().toNanos() / 1e9, ProcessMemory.rssMb());
        }
    }
}
