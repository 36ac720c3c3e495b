package org.gan4j.nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Provenance;
import org.gan4j.SeededRandom;
import org.gan4j.TrainingPlan;
import org.gan4j.Version;
import org.gan4j.data.Dataset;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/**
 * One training run: the epoch loop. Each step takes the next batch in the {@link DataOrder}, runs the
 * {@link TrainingStep}, adds its metrics to the epoch's {@link MetricSums} and tells the listeners
 * ({@link ListenerDispatch}); checkpoints fall due by step or at an epoch's end and are written by a
 * {@link CheckpointWriter} off the training thread. Everything that determines the run's future is registered in
 * its {@link RunState} by the piece that owns it ({@link RunNetworks}, the step, the data order, the sums, the step
 * counter), so a run restored from a checkpoint ({@link RunCheckpoint}) continues exactly as if it had never
 * stopped.
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
    /** A conditional run's fake labels. */
    static final long STREAM_LABELS = 9;

    private final Nd4jEngine engine;
    private final GanConfig config;
    private final Dataset dataset;
    private final RunNetworks networks;
    private final TrainingStep step;
    private final DataOrder data;
    private final MetricSums sums;
    private final RunState state = new RunState();
    private final RunCheckpoint checkpoints;
    private final ListenerDispatch listeners;
    /** Null without a checkpoint directory. */
    private final CheckpointWriter writer;
    private final List<EpochSummary> history = new ArrayList<>();
    private long steps;
    private long lastCheckpointStep = -1;
    /** The step a resumed run started from, until its first checkpoint sets the abandoned timeline aside; else -1. */
    private long resumedFrom = -1;

    TrainingRun(Nd4jEngine engine, GanConfig config, Dataset dataset) {
        this(engine, config, dataset, GanSteps::create);
    }

    /**
     * A run with another step strategy.
     *
     * @param stepFactory makes the step, which registers its state after the networks'
     */
    TrainingRun(Nd4jEngine engine, GanConfig config, Dataset dataset, TrainingStep.Factory stepFactory) {
        this.engine = engine;
        this.config = config;
        this.dataset = dataset;
        config.checkDataset(dataset);
        for (String warning : config.warnings()) {
            LOG.warn("gan4j: {}", warning);
        }
        this.networks = RunNetworks.build(engine, config, dataset);
        // registered in the order of the checkpoint's entries: the networks' state, then the data order's
        networks.register(state);
        this.data = new DataOrder(dataset.size(),
                RandomStream.of(config.seed(), STREAM_SHUFFLE, "random.shuffle").registerIn(state));
        state.register("dataOrder", data);
        this.step = stepFactory.create(config, dataset, networks, state);
        this.sums = new MetricSums(org.gan4j.MetricNames.of(config).extras().size());
        state.register("metricSums", sums);
        state.register("steps", s -> s.field("steps", Long.toString(this.steps)),
                c -> this.steps = StateCodec.parseLong(c, "steps"));
        this.checkpoints = new RunCheckpoint(config, dataset, state);
        this.listeners = new ListenerDispatch(config.listeners());
        this.writer = config.checkpointDir().map(dir -> new CheckpointWriter(dir, config.keepCheckpoints()))
                .orElse(null);
    }

    /** Trains until the configuration's limit, or until it asks to stop. */
    GanResult run() {
        if (config.evaluation().isPresent()) {
            networks.publishedCopy(); // a generator that cannot be copied is refused now, not at the first evaluation
        }
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
        int n = data.size();
        // in long: n + batchSize - 1 overflows an int for a batch size near Integer.MAX_VALUE
        int stepsPerEpoch = Math.toIntExact((n + (long) config.batchSize() - 1) / config.batchSize());
        listeners.start(new TrainingPlan(config, engine.backend(), dataset, steps,
                Math.max(steps, Math.min(maxSteps, (long) config.epochs() * stepsPerEpoch)), stepsPerEpoch));
        boolean stopped = false;
        while (steps < maxSteps && (!data.epochDone() || data.epoch() < config.epochs())) {
            if (data.epochDone()) {
                data.nextEpoch();
                sums.reset();
                epochStart = System.nanoTime();
            }
            int b = data.nextBatch(config.batchSize());
            step.loadBatch(dataset, data.indices(), data.position(), b);
            step.run(b, steps + 1);
            steps++;
            networks.afterStep(steps);
            data.advance(b);
            if (!Double.isFinite(step.lossD()) || !Double.isFinite(step.lossG())) {
                awaitPendingWrite(); // the last good checkpoint, complete on disk before we name it
                throw HealthGuard.diverged(steps, data.epoch(), step.lossD(), step.lossG(), networks.g, networks.d,
                        config, lastCheckpoint());
            }
            sums.add(step);
            listeners.step(steps, data.epoch(), data.batchInEpoch(), b, step);
            if (evaluations != null) {
                evaluations.afterStep(steps, data.epoch(), networks::publishedCopy, listeners.listeners());
            }
            // The checkpoint before the epoch's listeners: one that fails (a full disk under samples/) must not
            // cost the run its epoch.
            if (config.checkpointEvery() == 0 ? data.epochDone() : steps % config.checkpointEvery() == 0) {
                checkpoint();
            }
            if (data.epochDone()) {
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
        if (!data.epochDone() && data.batchInEpoch() > 0 && !stopped) {
            endEpoch(epochStart); // the partial last epoch of a step-limited run
        }
        awaitPendingWrite();
        Provenance provenance = new Provenance(config, dataset.name(), n, engine.providerName(), engine.backend(),
                Version.get(), steps, data.epoch(), started, Duration.ofNanos(System.nanoTime() - t0));
        GanResult result = new GanResult(networks.published(SeededRandom.forStream(config.seed(), STREAM_SAMPLES)
                .nextLong()), networks.d, history, provenance);
        if (evaluations != null && !stopped) {
            evaluations.finish(steps, data.epoch(), result.generator(), listeners.listeners());
        }
        listeners.end(result);
        return result;
    }

    private void endEpoch(long epochStart) {
        EpochSummary summary = sums.summary(data.epoch(), steps, data.batchInEpoch(),
                Duration.ofNanos(System.nanoTime() - epochStart));
        history.add(summary);
        // A fresh noise source per epoch: what listeners draw never changes the run, before or after a resume.
        listeners.epochEnd(summary, networks.published(SeededRandom.forStream(config.seed() ^ data.epoch(),
                STREAM_EPOCH_SAMPLES).nextLong()));
    }

    private Path lastCheckpoint() {
        return writer == null ? null : writer.newest();
    }

    /**
     * Takes a snapshot of the state on the training thread and hands it to the writer, which hashes, zips and syncs
     * it while training goes on; the previous write is finished first, because the snapshot reuses its arrays.
     */
    private void checkpoint() {
        if (writer == null) {
            return;
        }
        listeners.beforeCheckpoint(steps);
        writer.awaitPending();
        RunState.Snapshot snapshot;
        try {
            snapshot = checkpoints.take();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint into " + config.checkpointDir().orElseThrow()
                    + ": " + e.getMessage(), e);
        }
        networks.checkFinite(snapshot, steps, this::lastCheckpoint);
        writer.submit(steps, snapshot.manifest(), snapshot.entries(), resumedFrom);
        resumedFrom = -1;
        lastCheckpointStep = steps;
    }

    private void awaitPendingWrite() {
        if (writer != null) {
            writer.awaitPending();
        }
    }

    /**
     * Restores everything from a checkpoint.
     *
     * @throws org.gan4j.io.CheckpointException if it does not match this run's configuration or dataset
     */
    void restore(CheckpointFile.Contents c) throws IOException {
        checkpoints.restore(c);
        lastCheckpointStep = steps;
        resumedFrom = steps;
    }
}
