package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.Objective;
import org.gan4j.GanResult;
import org.gan4j.Provenance;
import org.gan4j.Recipes;
import org.gan4j.TrainingWarnings;
import org.gan4j.data.ImageDataset;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.eval.PeriodicEvaluation;
import org.gan4j.io.Checkpoints;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.RunDirectories;
import org.gan4j.io.RunDirectoryLock;
import org.gan4j.listeners.EpochLogListener;
import org.gan4j.listeners.ProgressBarListener;
import org.gan4j.listeners.RunLog;
import org.gan4j.listeners.SampleGridListener;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gan4j train}: the reference simple GAN on MNIST, with its outputs in a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the simple GAN (the reference configuration unless options change it).",
                "Writes into the run directory: samples/ (real.png, epoch-NNN.png, progress.gif), metrics.csv, "
                        + "loss.png, logs/ (TensorBoard), checkpoints/, generator.zip, run.properties, provenance.json, "
                        + "run.json, "
                        + "run-options.properties, report.html."})
final class TrainCommand implements Callable<Integer> {

    /** File names inside a run directory, besides those of {@link RunLog}. */
    static final String GENERATOR_FILE = "generator.zip";
    static final String RUN_FILE = "run.properties";
    static final String PROVENANCE_FILE = "provenance.json";
    static final String CHECKPOINTS_DIR = "checkpoints";

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
            + "Must be new, empty, or a run that stopped before its first checkpoint; locked while training.")
    Path runDir;

    @Option(names = "--recipe", paramLabel = "NAME", description = "A named configuration (default: reference; "
            + "'gan4j recipes' lists them). The options below override its values.")
    String recipe = "reference";

    @Option(names = "--config", paramLabel = "FILE", description = "A run spec in JSON, e.g. a run directory's "
            + "run.json: trains that run again (instead of --recipe). The options below override its values.")
    Path configFile;
    private org.gan4j.RunSpec configSpec;

    @Option(names = "--batch-size", paramLabel = "B", description = "Real images per step (default: the recipe's, "
            + "32 for reference).")
    Integer batchSize;

    @Option(names = "--z-dim", paramLabel = "Z", description = "Noise size (default: 64).")
    Integer zDim;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate (default: the recipe's, 3e-4 for "
            + "reference).")
    Double learningRate;

    @Option(names = "--objective", paramLabel = "NAME", description = "What D and G minimise (default: the recipe's, "
            + "bce for reference): bce, bce(real=0.9), minimax, lsgan, wgan, "
            + "wgan(clip=0.01), wgan-gp(lambda=10), hinge or ragan.")
    String objective;

    @Option(names = "--critic-steps", paramLabel = "N", description = "Discriminator updates per generator update "
            + "(default: the recipe's, 1 for reference; 5 in WGAN). A step is one discriminator update on one batch.")
    Integer criticSteps;

    @Option(names = "--r1", paramLabel = "GAMMA", description = "Add the R1 penalty gamma/2 |grad D(x)|^2 on real "
            + "images to the critic's loss, beside any objective but wgan-gp (default: none). The critic needs a "
            + "second derivative: no batch norm or dropout.")
    Double r1;

    @Option(names = "--g-optimizer", paramLabel = "SPEC", description = "The generator's optimizer, e.g. "
            + "'adam(lr=1e-4,beta1=0.5)', 'rmsprop(lr=5e-5)' or 'sgd(lr=0.01,momentum=0.9)' (default: the recipe's "
            + "Adam, with --lr).")
    String generatorOptimizer;

    @Option(names = "--d-optimizer", paramLabel = "SPEC", description = "The discriminator's optimizer, as "
            + "--g-optimizer (default: the recipe's Adam, with --lr).")
    String discriminatorOptimizer;

    @Option(names = "--lr-schedule", paramLabel = "S", description = "constant (default), linear (to zero at the "
            + "last step) or 'linear(steps=N)'.")
    String lrSchedule;

    @Option(names = "--ema", paramLabel = "DECAY[,START]", description = "Keep an exponential moving average of the "
            + "generator (decay in (0, 1), e.g. 0.999; averaging after step START, default 0), which the samples, the "
            + "report and generator.zip then use (default: off).")
    String ema;

    @Option(names = "--instance-noise", paramLabel = "SIGMA,STEPS", description = "Add Gaussian noise of standard "
            + "deviation SIGMA to the real and generated images the discriminator sees, annealed linearly to 0 over "
            + "STEPS steps, then off; e.g. 0.1,5000 or 'sigma=0.1,steps=5000' (default: off).")
    String instanceNoise;

    @Option(names = "--threads", paramLabel = "T", description = "BLAS threads (default: 1, fastest for small "
            + "batches; see docs/performance.md).")
    Integer threads;

    @Option(names = "--blas", paramLabel = "WHICH", description = "bundled (default) or system OpenBLAS.")
    String blas = "bundled";

    @Option(names = "--blas-dir", paramLabel = "DIR", description = "Directory of libopenblas.so.0 for --blas system.")
    Path blasDir;

    @Option(names = "--resume", paramLabel = "RUN_DIR|CHECKPOINT", description = "Continue a run from its newest "
            + "checkpoint (or from the given checkpoint file) until --steps/--epochs, or the run's original limit.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "Checkpoint every K steps (default: every "
            + "epoch). Checkpoints go to RUN_DIR/checkpoints; one is also written at the end and on Ctrl-C/SIGTERM.")
    Long checkpointEvery;

    @Option(names = "--keep-checkpoints", paramLabel = "K", description = "How many checkpoints to keep (default: 3, "
            + "or the resumed run's).")
    Integer keepCheckpoints;

    @Option(names = "--eval-every", paramLabel = "K", description = "Evaluate the generator every K steps (on a copy, "
            + "beside training) with --eval-count samples, and the finished run with " + Evaluation.DEFAULT_SAMPLES
            + "; into evaluation.csv, TensorBoard and the report (docs/evaluation.md). Not kept by --resume.")
    Long evalEvery;

    @Option(names = "--eval-count", paramLabel = "N", description = "Samples per evaluation during training "
            + "(default: " + DEFAULT_EVAL_COUNT + ").")
    Integer evalCount;

    @Option(names = "--feature-network", paramLabel = "FILE", description = "The feature network of --eval-every "
            + "(default: the built-in one of mnist or fashion-mnist).")
    Path featureNetworkFile;

    /**
     * Samples of an evaluation during training: a twentieth of the protocol's, about 0.4 s of the second core (1,000
     * took about 0.9 s; what either costs training is in docs/evaluation.md).
     */
    static final int DEFAULT_EVAL_COUNT = 500;
    /** KID subsets of an evaluation during training: a tenth of the protocol's, the rest of its cost. */
    static final int EVAL_KID_SUBSETS = 10;

    /** Options a resumed run takes from the run it continues; giving them with --resume is an error. */
    private static final String[] FIXED_ON_RESUME = {"--seed", "--recipe", "--config", "--batch-size", "--z-dim",
        "--lr", "--objective", "--critic-steps", "--r1", "--g-optimizer", "--d-optimizer", "--lr-schedule", "--ema",
        "--instance-noise",
        "--dataset",
        "--download", "--cache-dir", "--mirror", "--image-size", "--channels", "--skip-bad-images", "--run-dir"};

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            if (threads <= 0) {
                throw new IllegalArgumentException("--threads must be positive, got " + threads);
            }
            System.setProperty("gan4j.threads", Integer.toString(threads));
        }
        if (checkpointEvery != null && checkpointEvery <= 0) {
            throw new IllegalArgumentException("--checkpoint-every must be positive, got " + checkpointEvery);
        }
        BlasChoice.apply(blas, blasDir);
        return resume != null ? resumeRun() : freshRun();
    }

    private int freshRun() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (runDir != null) {
            FreshRunDirectory.check(runDir); // refused before the data is loaded; checked again under the lock
        }
        ImageDataset images = data.load();
        settings(images).build().checkDataset(images); // every value checked before anything is created
        evaluation(images); // and the feature network found
        // Only now: a failed start leaves no empty run directory behind.
        Path dir = runDir != null ? FreshRunDirectory.create(runDir) : RunDirectories.createUnder(Path.of("runs"));
        try (RunDirectoryLock lock = lock(dir, out)) {
            FreshRunDirectory.prepare(dir, out);
            RunOptions.save(dir, this);
            out.printf("Run directory: %s%n", dir);
            return train(dir, images, null);
        }
    }

    /** Locks the run directory for the whole command (the OS releases it if the process dies). */
    private static RunDirectoryLock lock(Path dir, PrintWriter out) throws IOException {
        RunDirectoryLock lock = RunDirectoryLock.acquire(dir);
        lock.takenOver().ifPresent(holder -> out.printf("%s: taking over the lock of a process that ended without "
                + "releasing it (%s)%n", dir, holder));
        return lock;
    }

    private int resumeRun() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (String option : FIXED_ON_RESUME) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " cannot be given with --resume: a resumed run keeps "
                        + "the settings it started with");
            }
        }
        Path dir = resumedDirectory();
        RunOptions.requireRun(dir); // before the lock: a directory that is not a run gets no lock file
        try (RunDirectoryLock lock = lock(dir, out)) {
            RunOptions.load(dir, this); // under the lock: nobody else rewrites or prunes the run meanwhile
            Path checkpoint = Files.isDirectory(resume) ? newestCheckpoint(dir) : resume;
            ImageDataset images = data.load();
            long step = Checkpoints.step(checkpoint);
            out.printf("Resuming %s from %s (step %d) on %s%n", dir, checkpoint.getFileName(), step, images.name());
            return train(dir, images, checkpoint);
        }
    }

    /** The run directory --resume names: itself, or the one whose checkpoints/ holds the given checkpoint. */
    private Path resumedDirectory() throws IOException {
        if (Files.isDirectory(resume)) {
            return resume;
        }
        if (!Files.isRegularFile(resume)) {
            throw new java.nio.file.NoSuchFileException(resume.toString(), null, "no such run directory or checkpoint "
                    + "(--resume)");
        }
        Path checkpoints = resume.toAbsolutePath().getParent();
        if (Checkpoints.step(resume) < 0 || checkpoints.getParent() == null) {
            throw new IllegalArgumentException(resume + ": neither a run directory nor a checkpoint "
                    + "(RUN_DIR/" + CHECKPOINTS_DIR + "/checkpoint-<step>.zip) (--resume)");
        }
        return checkpoints.getParent();
    }

    private static Path newestCheckpoint(Path dir) throws IOException {
        try {
            return Checkpoints.newest(dir.resolve(CHECKPOINTS_DIR));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(dir.resolve(CHECKPOINTS_DIR).toString(), null, "no checkpoint "
                    + "(the run stopped before its first one, so there is nothing to resume): start it afresh with "
                    + "--run-dir " + dir);
        }
    }

    private int train(Path dir, ImageDataset images, Path checkpoint) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        GanConfig.Builder builder = settings(images).checkpointDir(dir.resolve(CHECKPOINTS_DIR));
        PeriodicEvaluation evaluation = evaluation(images);
        if (evaluation != null) {
            builder.evaluateEvery(evaluation.everySteps(), evaluation.during(), evaluation.atEnd().orElse(null));
        }
        RunLog log = addOutputs(builder, dir, out);
        if (checkpoint == null) {
            log.layout().forEach((path, what) -> out.printf("  %-30s %s%n", path, what));
            out.printf("  %-30s %s%n", CHECKPOINTS_DIR + "/", "resume with: gan4j train --resume " + dir);
            out.printf("  %-30s %s%n", GENERATOR_FILE + ", " + RUN_FILE, "the trained generator and its provenance");
        }
        GracefulStop stop = GracefulStop.install(out);
        GanResult result;
        try (log) {
            GanConfig config = builder.stopWhen(stop::requested).build();
            ConfigFile.write(dir, config.spec()); // the run's length may change on resume: rewritten each time
            result = checkpoint == null ? Gan.trainer().train(config, images)
                    : Gan.trainer().resume(config, images, checkpoint);
            // A resumed run replaces the generator of its own earlier end; a fresh one found none (checked above).
            GeneratorFile.save(dir.resolve(GENERATOR_FILE), result.generator(), checkpoint == null
                    ? new java.nio.file.CopyOption[0]
                    : new java.nio.file.CopyOption[] {java.nio.file.StandardCopyOption.REPLACE_EXISTING});
            writeRunFile(dir.resolve(RUN_FILE), result.provenance());
            byte[] provenance = result.provenance().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.gan4j.io.AtomicFiles.write(dir.resolve(PROVENANCE_FILE), o -> o.write(provenance));
        } finally {
            stop.finished();
        }
        Provenance p = result.provenance();
        if (stop.requested()) {
            out.printf("Stopped at step %d; checkpoint in %s; continue with: gan4j train --resume %s%n", p.steps(),
                    dir.resolve(CHECKPOINTS_DIR), dir);
        }
        out.printf("Generator: %s%n", dir.resolve(GENERATOR_FILE));
        out.printf("Report: %s (samples of every epoch: %s)%n", dir.resolve(RunLog.REPORT_FILE),
                dir.resolve(RunLog.SAMPLES_DIR).resolve(SampleGridListener.ANIMATION_FILE));
        return 0;
    }

    /**
     * The outputs of a run, as the train command has them by default (the bench command adds the same to measure
     * what they cost): progress bar on a terminal, a line per epoch, the run log, warnings.
     */
    static RunLog addOutputs(GanConfig.Builder builder, Path dir, PrintWriter out) {
        RunLog log = RunLog.in(dir);
        ProgressBarListener bar = new ProgressBarListener();
        EpochLogListener lines = new EpochLogListener(line -> out.println(bar.lineAbove(line)))
                .withDetail(() -> "RSS " + ProcessMemory.rssMb() + " MB, peak " + ProcessMemory.peakRssMb() + " MB");
        builder.listener(lines).listener(bar).listener(log)
                .listener(new TrainingWarnings(line -> out.println(bar.lineAbove(line))));
        return log;
    }

    /** The evaluations --eval-every asks for, or null; every value checked, the feature network loaded. */
    private PeriodicEvaluation evaluation(ImageDataset images) throws IOException {
        if (evalEvery == null) {
            if (evalCount != null || featureNetworkFile != null) {
                throw new IllegalArgumentException((evalCount != null ? "--eval-count" : "--feature-network")
                        + " needs --eval-every");
            }
            return null;
        }
        if (evalEvery <= 0) {
            throw new IllegalArgumentException("--eval-every must be positive, got " + evalEvery);
        }
        int count = evalCount != null ? evalCount : DEFAULT_EVAL_COUNT;
        if (count < Evaluation.MIN_IMAGES) {
            throw new IllegalArgumentException("--eval-count must be at least " + Evaluation.MIN_IMAGES + ", got "
                    + count);
        }
        FeatureNetwork network = FeatureNetworkChoice.choose(featureNetworkFile, data.dataset);
        Evaluation atEnd = Evaluation.builder(network, images).cacheDirectory(EvaluateCommand.evaluationCache())
                .build();
        Evaluation during = atEnd.toBuilder().samples(count).kidSubsets(EVAL_KID_SUBSETS).build();
        return new PeriodicEvaluation(evalEvery, during, Optional.of(atEnd));
    }

    /**
     * The configuration the options describe for {@code images}: a conditional recipe (cgan) takes its classes, count
     * and names, from a labelled dataset (a folder of 5 classes trains on 5); a --config file's class count is kept
     * (and checked against the dataset when training starts).
     */
    private GanConfig.Builder settings(ImageDataset images) {
        GanConfig.Builder builder = settings();
        if (configFile == null && images.hasLabels() && Recipes.named(recipe).builder().build().classes() > 0) {
            try {
                builder.classesFrom(images);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--recipe " + recipe + " on " + images.name() + ": "
                        + e.getMessage(), e);
            }
        }
        return builder;
    }

    /** The configuration the options describe, without outputs; the builder checks every value. */
    private GanConfig.Builder settings() {
        GanConfig.Builder builder = base();
        if (keepCheckpoints != null) {
            builder.keepCheckpoints(keepCheckpoints);
        }
        if (batchSize != null) {
            builder.batchSize(batchSize);
        }
        if (zDim != null) {
            builder.zDim(zDim);
        }
        if (learningRate != null) {
            builder.learningRate(learningRate);
        }
        if (objective != null) {
            try {
                builder.objective(Objective.parse(objective));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--objective: " + e.getMessage(), e);
            }
        }
        if (criticSteps != null) {
            builder.criticSteps(criticSteps);
        }
        if (r1 != null) {
            try {
                builder.r1Penalty(r1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--r1: " + e.getMessage(), e);
            }
        }
        optimizerSettings(builder);
        if (ema != null) {
            try {
                builder.generatorEma(org.gan4j.GeneratorEma.parse(ema));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ema: " + e.getMessage(), e);
            }
        }
        if (instanceNoise != null) {
            try {
                builder.instanceNoise(org.gan4j.InstanceNoise.parse(instanceNoise));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--instance-noise: " + e.getMessage(), e);
            }
        }
        if (length.epochs != null) {
            builder.epochs(length.epochs);
        }
        if (length.steps != null) {
            builder.maxSteps(length.steps);
        }
        if (checkpointEvery != null) {
            builder.checkpointEvery(checkpointEvery);
        }
        return builder;
    }

    /** The recipe, or the --config file's spec (then --seed overrides it only if given). */
    private GanConfig.Builder base() {
        if (configFile == null) {
            return Recipes.named(recipe).builder().seed(seed);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--recipe")) {
            throw new IllegalArgumentException("--config and --recipe cannot be given together: the file holds the "
                    + "whole configuration");
        }
        if (configSpec == null) { // read once: a fresh start may clear the run directory the file is in
            try {
                configSpec = ConfigFile.read(configFile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        GanConfig.Builder builder = GanConfig.Builder.from(configSpec);
        return spec.commandLine().getParseResult().hasMatchedOption("--seed") ? builder.seed(seed) : builder;
    }

    /** --g-optimizer, --d-optimizer and --lr-schedule; a parse error names the option. */
    private void optimizerSettings(GanConfig.Builder builder) {
        try {
            if (generatorOptimizer != null) {
                builder.generatorOptimizer(org.gan4j.optim.OptimizerSpec.parse(generatorOptimizer));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--g-optimizer: " + e.getMessage(), e);
        }
        try {
            if (discriminatorOptimizer != null) {
                builder.discriminatorOptimizer(org.gan4j.optim.OptimizerSpec.parse(discriminatorOptimizer));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--d-optimizer: " + e.getMessage(), e);
        }
        try {
            if (lrSchedule != null) {
                builder.learningRateSchedule(org.gan4j.optim.LearningRateSchedule.parse(lrSchedule));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lr-schedule: " + e.getMessage(), e);
        }
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
        org.gan4j.io.AtomicFiles.write(file, o -> props.store(o, "gan4j run provenance"));
    }
}
