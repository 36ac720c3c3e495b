package org.gan4j.nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gan4j.Discriminator;
import org.gan4j.EpochSummary;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.Loss;
import org.gan4j.Objective;
import org.gan4j.Network;
import org.gan4j.Provenance;
import org.gan4j.SeededRandom;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingPlan;
import org.gan4j.Version;
import org.gan4j.data.Dataset;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.loss.ObjectiveLosses;
import org.gan4j.nd4j.penalty.GradientPenalty;
import org.gan4j.nd4j.penalty.R1Penalty;
import org.gan4j.nd4j.penalty.WganGpPenalty;
import org.gan4j.nd4j.checkpoint.OptimizerEntries;
import org.gan4j.nd4j.checkpoint.SpecEntry;
import org.gan4j.nd4j.optim.Optimizer;
import org.gan4j.nd4j.optim.Optimizers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training run and everything that determines its future: networks, optimizers, random streams, the data order
 * and the position in it, counters and the current epoch's running sums. That state is what a checkpoint holds, so
 * a run restored from one continues exactly as if it had never stopped.
 *
 * <p>Each epoch visits every image once in an order drawn from the seed; the last batch holds the remainder
 * (PyTorch's {@code DataLoader(shuffle=True)}).
 */
final class TrainingRun {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingRun.class);

    /** Independent random streams of a run, derived from its seed. */
    static final long STREAM_GENERATOR_INIT = 1;
    static final long STREAM_DISCRIMINATOR_INIT = 2;
    static final long STREAM_NOISE = 3;
    static final long STREAM_SHUFFLE = 4;
    static final long STREAM_SAMPLES = 5;
    static final long STREAM_EPOCH_SAMPLES = 6;
    /** WGAN-GP's interpolation weights. */
    static final long STREAM_PENALTY = 7;
    /** Instance noise on the discriminator's inputs. */
    static final long STREAM_INSTANCE_NOISE = 8;
    /** The manifest field of the instance noise's settings; written only when it is on (like the EMA's). */
    static final String INSTANCE_NOISE_FIELD = "config.instanceNoise";
    /** The manifest field of the epoch's sums of the extra metrics, in their order; written only when there are some. */
    static final String EXTRA_SUMS = "extraSums";
    /** A conditional run's fake labels. */
    static final long STREAM_LABELS = 9;
    /** Checkpoint entries of the discriminator's buffers: {@code discriminator.buffer.<name>.bin}. */
    static final String DISCRIMINATOR_BUFFER_PREFIX = "discriminator.";

    private final Nd4jEngine engine;
    private final GanConfig config;
    private final Dataset dataset;
    private final Generator g;
    private final Discriminator d;
    private final Optimizer optimizerG;
    private final Optimizer optimizerD;
    private final GanStep step;
    /** The generator's moving average, which sampling and saving use; null when it is off. */
    private final GeneratorAverage ema;
    private final int[] order;

    private SeededRandom noise;
    private SeededRandom shuffle;
    /** WGAN-GP's interpolation weights; null without a penalty. */
    private SeededRandom penaltyRandom;
    /** Instance noise's stream; null when it is off. */
    private SeededRandom instanceNoiseRandom;
    /** A conditional run's fake labels; null for an unconditional run. */
    private SeededRandom labelRandom;
    private long steps;
    private int epoch;
    /** Next position in {@link #order}; {@code order.length} once an epoch is done. */
    private int position;
    private int batchInEpoch;
    private double sumD;
    private double sumG;
    private double sumReal;
    private double sumFake;
    /** The epoch's sums of the objective's extra scalars ({@link org.gan4j.MetricNames#extras()}). */
    private final double[] sumExtras;
    private final List<EpochSummary> history = new ArrayList<>();
    private long lastCheckpointStep = -1;
    /** The step a resumed run started from, until its first checkpoint sets the abandoned timeline aside; else -1. */
    private long resumedFrom = -1;
    private final ListenerDispatch listeners;
    /** Writes checkpoints off the training thread; null without a checkpoint directory. */
    private final CheckpointWriter writer;
    /** The last checkpoint's entries, whose buffers the next one reuses (only after that write has finished). */
    private Map<String, byte[]> lastEntries = Map.of();

    TrainingRun(Nd4jEngine engine, GanConfig config, Dataset dataset) {
        this.engine = engine;
        this.config = config;
        this.dataset = dataset;
        config.checkDataset(dataset);
        int imageSize = dataset.imageSize();
        for (String warning : config.warnings()) {
            LOG.warn("gan4j: {}", warning);
        }
        long seed = config.seed();
        org.gan4j.nn.Shape image = dataset.imageShape();
        this.g = config.generator().orElseGet(() -> engine.generator(config.generatorSpec(image), config.dataType(),
                SeededRandom.forStream(seed, STREAM_GENERATOR_INIT).nextLong()));
        this.d = config.discriminator().orElseGet(() -> engine.discriminator(config.discriminatorSpec(image),
                config.dataType(), SeededRandom.forStream(seed, STREAM_DISCRIMINATOR_INIT).nextLong()));
        NetworkContract.check("generator", g);
        NetworkContract.check("discriminator", d);
        engine.configureThreads(config.batchSize());
        Kernels kernels = engine.kernels();
        Loss loss = config.loss().orElseGet(() -> ObjectiveLosses.create(config.objective(), kernels));
        // a schedule counts each optimizer's own updates: the generator makes one per criticSteps steps
        this.optimizerG = optimizer(kernels, g, config.generatorOptimizer(),
                Math.max(1, plannedSteps() / config.criticSteps()));
        this.optimizerD = optimizer(kernels, d, config.discriminatorOptimizer(), plannedSteps());
        this.noise = SeededRandom.forStream(seed, STREAM_NOISE);
        this.shuffle = SeededRandom.forStream(seed, STREAM_SHUFFLE);
        double clip = config.loss().isEmpty() && config.objective() instanceof Objective.Wasserstein w ? w.clip() : 0;
        org.gan4j.MetricNames names = org.gan4j.MetricNames.of(config);
        boolean logits = names.probabilities();
        GradientPenalty penalty = penalty(kernels, d, config);
        // only WGAN-GP draws (R1 does not): other runs' checkpoints stay as they were
        this.penaltyRandom = penalty instanceof WganGpPenalty ? SeededRandom.forStream(seed, STREAM_PENALTY) : null;
        this.step = new GanStep(kernels, g, d, loss, optimizerG, optimizerD, () -> noise, config.criticSteps(), clip,
                logits, penalty, () -> penaltyRandom);
        step.reportExtras(names.extras());
        if (config.instanceNoise().isPresent()) {
            // only runs with instance noise draw from it: other runs' checkpoints stay as they were
            this.instanceNoiseRandom = SeededRandom.forStream(seed, STREAM_INSTANCE_NOISE);
            step.addInstanceNoise(config.instanceNoise().get(), () -> instanceNoiseRandom);
        }
        this.sumExtras = new double[names.extras().size()];
        if (config.classes() > 0) {
            this.labelRandom = SeededRandom.forStream(seed, STREAM_LABELS);
            step.conditionOn(new Conditioning(kernels, config.zDim(), imageSize, config.classes(), config.dataType(),
                    () -> labelRandom));
        }
        this.ema = config.generatorEma().map(e -> GeneratorAverage.of(kernels, g, e)).orElse(null);
        this.order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.position = order.length;
        this.listeners = new ListenerDispatch(config.listeners());
        this.writer = config.checkpointDir().map(dir -> new CheckpointWriter(dir, config.keepCheckpoints()))
                .orElse(null);
    }

    /**
     * The critic's gradient penalty: WGAN-GP's for that objective, R1 when {@link GanConfig#r1Penalty()} is on
     * ({@link GanConfig.Builder#build()} refuses both), else none. Its constructor refuses, naming the layer, a critic
     * without a second derivative (batch norm, dropout, ...).
     */
    private static GradientPenalty penalty(Kernels kernels, Network d, GanConfig config) {
        if (config.loss().isEmpty() && config.objective() instanceof Objective.WassersteinGp gp) {
            return new WganGpPenalty(kernels, d, gp.lambda());
        }
        if (config.r1Penalty().isPresent()) {
            return new R1Penalty(kernels, d, config.r1Penalty().getAsDouble());
        }
        return null;
    }

    /**
     * An optimizer of this run: one update per step, so the updates planned are the run's planned steps (what a
     * schedule to the run's end decays over).
     */
    private Optimizer optimizer(Kernels kernels, Network network, org.gan4j.optim.OptimizerSpec spec,
                                long plannedUpdates) {
        return Optimizers.create(kernels, network, spec, config.learningRateSchedule(), plannedUpdates);
    }

    /** The steps of a run that is not stopped: the step limit, or the epochs' steps. */
    private long plannedSteps() {
        long perEpoch = (dataset.size() + config.batchSize() - 1) / config.batchSize();
        return Math.max(1, Math.min(config.maxSteps().orElse(Long.MAX_VALUE), config.epochs() * perEpoch));
    }

    /** Trains until the configuration's limit, or until it asks to stop. */
    GanResult run() {
        try (EvaluationSchedule evaluations = config.evaluation().map(EvaluationSchedule::new).orElse(null)) {
            return train(evaluations);
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    private GanResult train(EvaluationSchedule evaluations) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        long epochStart = t0;
        long maxSteps = config.maxSteps().orElse(Long.MAX_VALUE);
        int n = order.length;
        // in long: n + batchSize - 1 overflows an int for a batch size near Integer.MAX_VALUE
        int stepsPerEpoch = Math.toIntExact((n + (long) config.batchSize() - 1) / config.batchSize());
        listeners.start(new TrainingPlan(config, engine.backend(), dataset, steps,
                Math.max(steps, Math.min(maxSteps, (long) config.epochs() * stepsPerEpoch)), stepsPerEpoch));
        boolean stopped = false;
        while (steps < maxSteps && (position < n || epoch < config.epochs())) {
            if (position >= n) {
                epoch++;
                shuffle.shuffle(order);
                position = 0;
                batchInEpoch = 0;
                sumD = sumG = sumReal = sumFake = 0;
                java.util.Arrays.fill(sumExtras, 0);
                epochStart = System.nanoTime();
            }
            int b = Math.min(config.batchSize(), n - position);
            dataset.copyImages(order, position, b, step.realImages(b));
            if (labelRandom != null) {
                Conditioning.copyLabels(dataset, order, position, b, step.realLabels(b));
            }
            step.run(b, steps + 1);
            steps++;
            averageGenerator();
            batchInEpoch++;
            position += b;
            if (!Double.isFinite(step.lossD()) || !Double.isFinite(step.lossG())) {
                awaitPendingWrite(); // the last good checkpoint, complete on disk before we name it
                throw HealthGuard.diverged(steps, epoch, step.lossD(), step.lossG(), g, d, config, lastCheckpoint());
            }
            sumD += step.lossD();
            sumG += step.lossG();
            sumReal += step.meanDReal();
            sumFake += step.meanDFake();
            addExtras(step.extras());
            listeners.step(steps, epoch, batchInEpoch, b, step);
            if (evaluations != null) {
                evaluations.afterStep(steps, epoch, this::generatorCopy, listeners.listeners());
            }
            // The checkpoint before the epoch's listeners: one that fails (a full disk under samples/) must not
            // cost the run its epoch.
            if (config.checkpointEvery() == 0 ? position >= n : steps % config.checkpointEvery() == 0) {
                checkpoint();
            }
            if (position >= n) {
                endEpoch(epochStart);
            }
            if (config.stopRequested().getAsBoolean()) {
                stopped = true;
                break;
            }
        }
        if (lastCheckpointStep != steps) {
            checkpoint();
        }
        if (position < n && batchInEpoch > 0 && !stopped) {
            endEpoch(epochStart); // the partial last epoch of a step-limited run
        }
        awaitPendingWrite();
        Provenance provenance = new Provenance(config, dataset.name(), n, engine.providerName(), engine.backend(),
                Version.get(), steps, epoch, started, Duration.ofNanos(System.nanoTime() - t0));
        GanResult result = new GanResult(trained(SeededRandom.forStream(config.seed(), STREAM_SAMPLES).nextLong()),
                d, history, provenance);
        if (evaluations != null && !stopped) {
            evaluations.finish(steps, epoch, result.generator(), listeners.listeners());
        }
        listeners.end(result);
        return result;
    }

    private void addExtras(double[] values) {
        for (int i = 0; i < sumExtras.length; i++) {
            sumExtras[i] += values[i];
        }
    }

    private void endEpoch(long epochStart) {
        double[] meanExtras = new double[sumExtras.length];
        for (int i = 0; i < meanExtras.length; i++) {
            meanExtras[i] = sumExtras[i] / batchInEpoch;
        }
        EpochSummary summary = new EpochSummary(epoch, steps, batchInEpoch, sumD / batchInEpoch,
                sumG / batchInEpoch, sumReal / batchInEpoch, sumFake / batchInEpoch,
                Duration.ofNanos(System.nanoTime() - epochStart), meanExtras);
        history.add(summary);
        // A fresh noise source per epoch: what listeners draw never changes the run, before or after a resume.
        TrainedGenerator live = trained(SeededRandom.forStream(config.seed() ^ epoch, STREAM_EPOCH_SAMPLES)
                .nextLong());
        listeners.epochEnd(summary, live);
    }

    /** Follows a generator update of the step just run with the moving average, if there is one. */
    private void averageGenerator() {
        if (ema != null && steps % config.criticSteps() == 0) {
            ema.afterGeneratorUpdate(steps);
        }
    }

    /** The generator handed out (result, epoch grids, saved files): the moving average when it is on. */
    private TrainedGenerator trained(long noiseSeed) {
        return new TrainedGenerator(ema != null ? ema.generator() : g, dataset.height(), dataset.width(),
                dataset.channels(), noiseSeed, config.classNames());
    }

    /** A copy of the generator handed out, for an evaluation that runs while training goes on. */
    private TrainedGenerator generatorCopy() {
        org.gan4j.Generator live = ema != null ? ema.generator() : g;
        org.gan4j.Network copy;
        try {
            copy = live.copy();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("evaluateEvery evaluates a copy of the generator while training goes on, "
                    + "but " + live.getClass().getName() + " does not implement Network.copy()", e);
        }
        if (!(copy instanceof org.gan4j.Generator)) {
            throw new IllegalStateException("evaluateEvery needs a copy of the generator, but "
                    + live.getClass().getName() + ".copy() returned a " + copy.getClass().getName());
        }
        return new TrainedGenerator((org.gan4j.Generator) copy, dataset.height(), dataset.width(),
                dataset.channels(), 0);
    }

    private Path lastCheckpoint() {
        return writer == null ? null : writer.newest();
    }

    // ---- checkpoints ----

    /**
     * Takes a snapshot of the state on the training thread and hands it to the writer, which hashes, zips and syncs
     * it while training goes on; the previous write is finished first, because the snapshot reuses its arrays.
     */
    private void checkpoint() {
        if (writer == null) {
            return;
        }
        Path dir = config.checkpointDir().get();
        listeners.beforeCheckpoint(steps);
        writer.awaitPending();
        Properties manifest = manifest();
        Map<String, byte[]> entries;
        try {
            entries = entries();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint into " + dir + ": " + e.getMessage(), e);
        }
        // Checked on the snapshot just taken (a pass over heap bytes) rather than on the live arrays.
        if (!ArrayBytes.allFinite(entries.get(GeneratorFile.PARAMETERS_ENTRY), g.dataType())
                || !ArrayBytes.allFinite(entries.get("discriminator.bin"), d.dataType())) {
            HealthGuard.checkParameters(steps, g, d, this::lastCheckpoint); // names the tensor, and throws
        }
        writer.submit(steps, manifest, entries, resumedFrom);
        resumedFrom = -1;
        lastCheckpointStep = steps;
    }

    private void awaitPendingWrite() {
        if (writer != null) {
            writer.awaitPending();
        }
    }

    private Properties manifest() {
        Properties p = new Properties();
        p.putAll(configFields(config, dataset.imageShape()));
        p.setProperty("gan4j.version", Version.get());
        p.setProperty("dataset.name", dataset.name());
        p.setProperty("dataset.size", Integer.toString(dataset.size()));
        p.setProperty("steps", Long.toString(steps));
        p.setProperty("epoch", Integer.toString(epoch));
        p.setProperty("position", Integer.toString(position));
        p.setProperty("batchInEpoch", Integer.toString(batchInEpoch));
        p.setProperty("sums", doubles(sumD, sumG, sumReal, sumFake));
        if (sumExtras.length > 0) {
            // absent for runs without extras, so their checkpoints are as before
            p.setProperty(EXTRA_SUMS, doubles(sumExtras));
        }
        if (config.criticSteps() > 1) {
            p.setProperty("lastLossG", Double.toString(step.lossG())); // reported until the next generator update
        }
        putOptimizers(p);
        putRandom(p, "random.noise", noise);
        putRandom(p, "random.shuffle", shuffle);
        if (penaltyRandom != null) {
            putRandom(p, "random.penalty", penaltyRandom);
        }
        if (instanceNoiseRandom != null) {
            putRandom(p, "random.instanceNoise", instanceNoiseRandom);
        }
        if (labelRandom != null) {
            putRandom(p, "random.labels", labelRandom);
        }
        return p;
    }

    /** Each optimizer's spec and update count, and the schedule over this run's length ({@link OptimizerEntries}). */
    private void putOptimizers(Properties p) {
        for (String network : OptimizerEntries.NETWORKS) {
            Optimizer o = optimizer(network);
            p.setProperty(OptimizerEntries.specField(network), o.spec().toString());
            p.setProperty(OptimizerEntries.stepsField(o.spec(), network), Long.toString(o.steps()));
        }
        p.setProperty(OptimizerEntries.SCHEDULE_FIELD, config.learningRateSchedule().resolve(plannedSteps()).toString());
    }

    private Optimizer optimizer(String network) {
        return network.equals("generator") ? optimizerG : optimizerD;
    }

    private Network network(String network) {
        return network.equals("generator") ? g : d;
    }

    /** Refuses a checkpoint of other optimizers or another schedule, naming the network and both. */
    private void checkOptimizers(CheckpointFile.Contents c) throws IOException {
        String schedule = config.learningRateSchedule().resolve(plannedSteps()).toString();
        if (!OptimizerEntries.schedule(c).toString().equals(schedule)) {
            throw new CheckpointException(c.file() + ": written with learning-rate schedule "
                    + OptimizerEntries.schedule(c) + ", but the configuration has " + schedule);
        }
        for (String network : OptimizerEntries.NETWORKS) {
            Optimizer o = optimizer(network);
            org.gan4j.optim.OptimizerSpec saved = OptimizerEntries.spec(c, network);
            if (!saved.equals(o.spec())) {
                throw new CheckpointException(c.file() + ": written with " + network + " optimizer " + saved
                        + ", but the configuration has " + o.spec());
            }
        }
    }

    /** Restores each optimizer's state and update count (after the parameters: an optimizer may copy them). */
    private void restoreOptimizers(CheckpointFile.Contents c) throws IOException {
        for (String network : OptimizerEntries.NETWORKS) {
            Optimizer o = optimizer(network);
            org.gan4j.optim.OptimizerSpec saved = o.spec();
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (String name : o.stateNames()) {
                state.put(name, array(c, OptimizerEntries.entry(saved, network, name), network(network)));
            }
            o.restore(state, parseLong(c, OptimizerEntries.stepsField(saved, network)));
        }
    }

    /** The settings a resumed run must share with the run that wrote the checkpoint. */
    static Properties configFields(GanConfig c, org.gan4j.nn.Shape image) {
        Properties p = new Properties();
        p.setProperty("config.zDim", Integer.toString(c.zDim()));
        p.setProperty("config.batchSize", Integer.toString(c.batchSize()));
        p.setProperty("config.learningRate", Double.toString(c.learningRate()));
        p.setProperty("config.betas", c.beta1() + "," + c.beta2());
        p.setProperty("config.epsilon", Double.toString(c.epsilon()));
        p.setProperty("config.seed", Long.toString(c.seed()));
        p.setProperty("config.dataType", c.dataType().name());
        p.setProperty("config.generator", c.generator().map(x -> "custom " + x.getClass().getName())
                .orElseGet(() -> architecture(c.generatorMlp(), () -> c.generatorSpec(image))));
        p.setProperty("config.discriminator", c.discriminator().map(x -> "custom " + x.getClass().getName())
                .orElseGet(() -> architecture(c.discriminatorMlp(), () -> c.discriminatorSpec(image))));
        // R1 is part of the critic's loss: a resume with or without it is refused as another loss
        p.setProperty("config.loss", c.loss().map(org.gan4j.Loss::name).orElse(c.objective().toString())
                + (c.r1Penalty().isPresent() ? " + r1(gamma=" + c.r1Penalty().getAsDouble() + ")" : ""));
        if (c.criticSteps() != 1) {
            p.setProperty("config.criticSteps", Integer.toString(c.criticSteps())); // absent in older checkpoints
        }
        c.generatorEma().ifPresent(e -> p.setProperty(GeneratorAverage.FIELD, e.text())); // absent when off
        c.instanceNoise().ifPresent(n -> p.setProperty(INSTANCE_NOISE_FIELD, n.text())); // absent when off
        if (c.classes() > 0) {
            p.setProperty("config.classes", Integer.toString(c.classes())); // absent for an unconditional run
        }
        return p;
    }

    /**
     * How a checkpoint names an architecture: an MLP as it always did (so checkpoints of the first release still
     * resume), a spec by its text form.
     */
    private static String architecture(java.util.Optional<org.gan4j.Mlp> mlp,
                                       java.util.function.Supplier<org.gan4j.nn.NetworkSpec> spec) {
        return mlp.map(Object::toString).orElseGet(() -> spec.get().toString());
    }

    /**
     * The checkpoint's entries. The big arrays go into buffers kept from the previous checkpoint (whose write has
     * finished by now): a fresh 4 MB snapshot per epoch outlives young collections while it is written, fills the
     * old generation and made resident memory grow by ~1.5 MB per epoch.
     */
    private Map<String, byte[]> entries() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        Map<String, byte[]> old = lastEntries;
        // The generator file's own entries: GeneratorFile.load reads a checkpoint as a generator.
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        GeneratorFile.manifest(new TrainedGenerator(g, dataset.height(), dataset.width(), dataset.channels(), 0,
                config.classNames()))
                .store(text, "gan4j generator");
        e.put(GeneratorFile.MANIFEST_ENTRY, text.toByteArray());
        Kernels k = engine.kernels();
        e.put(GeneratorFile.PARAMETERS_ENTRY, k.toBytes(g.parameters(), old.get(GeneratorFile.PARAMETERS_ENTRY)));
        e.put("discriminator.bin", k.toBytes(d.parameters(), old.get("discriminator.bin")));
        if (ema != null) {
            e.put(GeneratorAverage.ENTRY, ema.bytes(old.get(GeneratorAverage.ENTRY)));
        }
        for (String network : OptimizerEntries.NETWORKS) {
            Optimizer o = optimizer(network);
            for (String state : o.stateNames()) {
                String name = OptimizerEntries.entry(o.spec(), network, state);
                e.put(name, o.stateBytes(state, old.get(name)));
            }
        }
        for (Map.Entry<String, INDArray> b : g.buffers().entrySet()) {
            String name = GeneratorFile.bufferEntry(b.getKey());
            e.put(name, ArrayBytes.toBytes(b.getValue(), old.get(name)));
        }
        for (Map.Entry<String, INDArray> b : d.buffers().entrySet()) {
            String name = DISCRIMINATOR_BUFFER_PREFIX + GeneratorFile.bufferEntry(b.getKey());
            e.put(name, ArrayBytes.toBytes(b.getValue(), old.get(name)));
        }
        e.put("order.bin", ArrayBytes.toBytes(order));
        SpecEntry.of(config).ifPresent(json -> e.put(SpecEntry.NAME, json)); // what a resume compares
        lastEntries = e;
        return e;
    }

    /** The comparison of checkpoints before {@link SpecEntry}: the manifest's {@code config.*} fields. */
    private void checkConfigFields(CheckpointFile.Contents c) throws IOException {
        Properties expected = configFields(config, dataset.imageShape());
        expected.remove(GeneratorAverage.FIELD); // compared in restore, where "off" is its absence
        expected.remove(INSTANCE_NOISE_FIELD);
        for (String key : expected.stringPropertyNames()) {
            if (!expected.getProperty(key).equals(c.field(key))) {
                throw new CheckpointException(c.file() + ": written with " + key.substring("config.".length())
                        + " " + c.field(key) + ", but the configuration has " + expected.getProperty(key));
            }
        }
        String criticSteps = c.manifest().getProperty("config.criticSteps", "1"); // written only when not 1
        if (!criticSteps.equals(Integer.toString(config.criticSteps()))) {
            throw new CheckpointException(c.file() + ": written with criticSteps " + criticSteps
                    + ", but the configuration has " + config.criticSteps());
        }
    }

    /**
     * Restores everything from a checkpoint.
     *
     * @throws CheckpointException if it does not match this run's configuration or dataset
     */
    void restore(CheckpointFile.Contents c) throws IOException {
        String savedEma = c.manifest().getProperty(GeneratorAverage.FIELD, "off"); // written only when on
        String ownEma = config.generatorEma().map(org.gan4j.GeneratorEma::text).orElse("off");
        if (!savedEma.equals(ownEma)) {
            throw new CheckpointException(c.file() + ": written with generatorEma " + savedEma
                    + ", but the configuration has " + ownEma);
        }
        String savedNoise = c.manifest().getProperty(INSTANCE_NOISE_FIELD, "off"); // written only when on
        String ownNoise = config.instanceNoise().map(org.gan4j.InstanceNoise::text).orElse("off");
        if (!savedNoise.equals(ownNoise)) {
            throw new CheckpointException(c.file() + ": written with instanceNoise " + savedNoise
                    + ", but the configuration has " + ownNoise);
        }
        if (!SpecEntry.check(c, config)) { // a checkpoint without a spec, or a run with custom instances
            checkConfigFields(c);
        }
        if (!dataset.name().equals(c.field("dataset.name")) || dataset.size() != parseInt(c, "dataset.size")) {
            throw new CheckpointException(c.file() + ": written for dataset " + c.field("dataset.name") + " ("
                    + c.field("dataset.size") + " images), not " + dataset.name() + " (" + dataset.size() + ")");
        }
        checkOptimizers(c);
        load(c, GeneratorFile.PARAMETERS_ENTRY, g.parameters());
        load(c, "discriminator.bin", d.parameters());
        for (Map.Entry<String, INDArray> b : g.buffers().entrySet()) {
            load(c, GeneratorFile.bufferEntry(b.getKey()), b.getValue());
        }
        for (Map.Entry<String, INDArray> b : d.buffers().entrySet()) {
            load(c, DISCRIMINATOR_BUFFER_PREFIX + GeneratorFile.bufferEntry(b.getKey()), b.getValue());
        }
        restoreOptimizers(c);
        if (ema != null) {
            ema.restore(array(c, GeneratorAverage.ENTRY, g));
        }
        int[] savedOrder = ArrayBytes.intsFromBytes(c.entry("order.bin"));
        if (savedOrder.length != order.length) {
            throw new CheckpointException(c.file() + ": order.bin holds " + savedOrder.length + " indices, the dataset "
                    + "has " + order.length + " images");
        }
        System.arraycopy(savedOrder, 0, order, 0, order.length);
        steps = parseLong(c, "steps");
        epoch = parseInt(c, "epoch");
        position = parseInt(c, "position");
        batchInEpoch = parseInt(c, "batchInEpoch");
        String[] sums = c.field("sums").split(",");
        sumD = Double.parseDouble(sums[0]);
        sumG = Double.parseDouble(sums[1]);
        sumReal = Double.parseDouble(sums[2]);
        sumFake = Double.parseDouble(sums[3]);
        String[] extraSums = c.manifest().getProperty(EXTRA_SUMS, "").split(",");
        for (int i = 0; i < sumExtras.length; i++) {
            // a checkpoint written before extras were reported has none: the epoch's means start from there
            sumExtras[i] = i < extraSums.length && !extraSums[i].isEmpty() ? Double.parseDouble(extraSums[i]) : 0;
        }
        if (config.criticSteps() > 1) {
            step.restoreLossG(Double.parseDouble(c.field("lastLossG")));
        }
        noise = getRandom(c, "random.noise");
        shuffle = getRandom(c, "random.shuffle");
        if (penaltyRandom != null) {
            penaltyRandom = getRandom(c, "random.penalty");
        }
        if (instanceNoiseRandom != null) {
            instanceNoiseRandom = getRandom(c, "random.instanceNoise");
        }
        if (labelRandom != null) {
            labelRandom = getRandom(c, "random.labels");
        }
        lastCheckpointStep = steps;
        resumedFrom = steps;
    }

    private static void load(CheckpointFile.Contents c, String entry, INDArray target) throws CheckpointException {
        byte[] bytes = c.entry(entry);
        long expected = target.length() * ArrayBytes.width(target.dataType());
        if (bytes.length != expected) {
            throw new CheckpointException(c.file() + ": entry " + entry + " holds " + bytes.length + " bytes, the "
                    + "network needs " + expected + " (" + target.length() + " " + target.dataType() + " values): "
                    + "a checkpoint of another architecture");
        }
        target.assign(ArrayBytes.fromBytes(bytes, target.dataType()).reshape(target.shape()));
    }

    private static INDArray array(CheckpointFile.Contents c, String entry, Network like) throws CheckpointException {
        INDArray a = org.nd4j.linalg.factory.Nd4j.create(like.dataType(), like.parameterCount());
        load(c, entry, a);
        return a;
    }

    private static int parseInt(CheckpointFile.Contents c, String key) throws CheckpointException {
        return (int) parseLong(c, key);
    }

    private static long parseLong(CheckpointFile.Contents c, String key) throws CheckpointException {
        try {
            return Long.parseLong(c.field(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException(c.file() + ": " + CheckpointFile.MANIFEST + ": " + key
                    + " is not a number: " + c.field(key));
        }
    }

    private static String doubles(double... v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) {
            s.append(s.length() == 0 ? "" : ",").append(Double.toHexString(x)); // exact
        }
        return s.toString();
    }

    private static void putRandom(Properties p, String key, SeededRandom r) {
        SeededRandom.State s = r.state();
        p.setProperty(key, s.state() + "," + s.hasSpare() + "," + Double.toHexString(s.spare()));
    }

    private static SeededRandom getRandom(CheckpointFile.Contents c, String key) throws CheckpointException {
        String[] parts = c.field(key).split(",");
        try {
            return SeededRandom.restore(new SeededRandom.State(Long.parseLong(parts[0]),
                    Boolean.parseBoolean(parts[1]), Double.parseDouble(parts[2])));
        } catch (RuntimeException e) {
            throw new CheckpointException(c.file() + ": " + CheckpointFile.MANIFEST + ": " + key + " is malformed: "
                    + c.field(key));
        }
    }
}
