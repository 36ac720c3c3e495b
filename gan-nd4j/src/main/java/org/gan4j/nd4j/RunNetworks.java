package org.gan4j.nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.gan4j.Discriminator;
import org.gan4j.GanConfig;
import org.gan4j.Generator;
import org.gan4j.Loss;
import org.gan4j.Network;
import org.gan4j.Objective;
import org.gan4j.SeededRandom;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.Dataset;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.checkpoint.OptimizerEntries;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.loss.ObjectiveLosses;
import org.gan4j.nd4j.optim.Optimizer;
import org.gan4j.nd4j.optim.Optimizers;
import org.gan4j.nd4j.penalty.GradientPenalty;
import org.gan4j.nd4j.penalty.R1Penalty;
import org.gan4j.nd4j.penalty.WganGpPenalty;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a run trains, built and checked from its configuration: the generator and discriminator (the configuration's
 * own instances, or built from its specs with initialisation streams drawn from the seed), their contract checked;
 * the objective's loss, the critic's gradient penalty, each network's optimizer with the learning-rate schedule over
 * the run's planned length, and the generator's moving average when it is on. {@link #register} puts all of their
 * state into the run's {@link RunState}.
 */
final class RunNetworks {

    /** Checkpoint entries of the discriminator's buffers: {@code discriminator.buffer.<name>.bin}. */
    static final String DISCRIMINATOR_BUFFER_PREFIX = "discriminator.";
    /** The checkpoint entry of the discriminator's parameters. */
    static final String DISCRIMINATOR_ENTRY = "discriminator.bin";

    final Kernels kernels;
    final Generator g;
    final Discriminator d;
    final Loss loss;
    final Optimizer optimizerG;
    final Optimizer optimizerD;
    /** The critic's gradient penalty; null for none. */
    final GradientPenalty penalty;
    /** The generator's moving average, which sampling and saving use; null when it is off. */
    final GeneratorAverage ema;
    /** The steps of a run that is not stopped: what a schedule to the run's end decays over. */
    final long plannedSteps;
    private final GanConfig config;
    private final Dataset dataset;

    private RunNetworks(Nd4jEngine engine, GanConfig config, Dataset dataset) {
        this.config = config;
        this.dataset = dataset;
        long seed = config.seed();
        org.gan4j.nn.Shape image = dataset.imageShape();
        this.g = config.generator().orElseGet(() -> engine.generator(config.generatorSpec(image), config.dataType(),
                SeededRandom.forStream(seed, TrainingRun.STREAM_GENERATOR_INIT).nextLong()));
        this.d = config.discriminator().orElseGet(() -> engine.discriminator(config.discriminatorSpec(image),
                config.dataType(), SeededRandom.forStream(seed, TrainingRun.STREAM_DISCRIMINATOR_INIT).nextLong()));
        NetworkContract.check("generator", g);
        NetworkContract.check("discriminator", d);
        engine.configureThreads(config.batchSize());
        this.kernels = engine.kernels();
        this.loss = config.loss().orElseGet(() -> ObjectiveLosses.create(config.objective(), kernels));
        long perEpoch = (dataset.size() + config.batchSize() - 1) / config.batchSize();
        this.plannedSteps = Math.max(1, Math.min(config.maxSteps().orElse(Long.MAX_VALUE),
                config.epochs() * perEpoch));
        // a schedule counts each optimizer's own updates: the generator makes one per criticSteps steps
        this.optimizerG = optimizer(g, config.generatorOptimizer(), Math.max(1, plannedSteps / config.criticSteps()));
        this.optimizerD = optimizer(d, config.discriminatorOptimizer(), plannedSteps);
        this.penalty = penalty(kernels, d, config);
        this.ema = config.generatorEma().map(e -> GeneratorAverage.of(kernels, g, e)).orElse(null);
    }

    /**
     * Builds a run's networks and what updates them.
     *
     * @param engine  builds networks from specs and provides the kernels
     * @param config  the run's configuration
     * @param dataset the images (their shape is the networks')
     * @return the networks, optimizers, loss, penalty and average
     * @throws IllegalArgumentException or IllegalStateException naming the network, layer or setting that does not
     *                                  fit
     */
    static RunNetworks build(Nd4jEngine engine, GanConfig config, Dataset dataset) {
        return new RunNetworks(engine, config, dataset);
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

    private Optimizer optimizer(Network network, org.gan4j.optim.OptimizerSpec spec, long plannedUpdates) {
        return Optimizers.create(kernels, network, spec, config.learningRateSchedule(), plannedUpdates);
    }

    /** {@return WGAN's weight clipping of the critic's parameters, or 0 for none} */
    double clip() {
        return config.loss().isEmpty() && config.objective() instanceof Objective.Wasserstein w ? w.clip() : 0;
    }

    /**
     * Registers the state of the networks, in the order of the checkpoint's entries: the generator (as a generator
     * file's entries, so that a checkpoint loads as a generator) and the discriminator's parameters, the average,
     * the schedule and both optimizers (after the parameters they may copy), then both networks' buffers.
     */
    void register(RunState state) {
        state.register("generator.parameters", this::saveGenerator,
                c -> StateCodec.load(c, GeneratorFile.PARAMETERS_ENTRY, g.parameters()));
        state.register("discriminator.parameters",
                s -> s.entry(DISCRIMINATOR_ENTRY, kernels.toBytes(d.parameters(), s.reusable(DISCRIMINATOR_ENTRY))),
                c -> StateCodec.load(c, DISCRIMINATOR_ENTRY, d.parameters()));
        if (ema != null) {
            state.register("generatorEma",
                    s -> s.entry(GeneratorAverage.ENTRY, ema.bytes(s.reusable(GeneratorAverage.ENTRY))),
                    c -> ema.restore(StateCodec.array(c, GeneratorAverage.ENTRY, g)));
        }
        state.register("learningRateSchedule", new Schedule());
        state.register("optimizer.generator", new OptimizerState("generator", optimizerG, g));
        state.register("optimizer.discriminator", new OptimizerState("discriminator", optimizerD, d));
        registerBuffers(state, "generator.buffers", "", g);
        registerBuffers(state, "discriminator.buffers", DISCRIMINATOR_BUFFER_PREFIX, d);
    }

    /** The generator file's own entries: {@link GeneratorFile#load} reads a checkpoint as a generator. */
    private void saveGenerator(RunState.Snapshot s) throws IOException {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        GeneratorFile.manifest(new TrainedGenerator(g, dataset.height(), dataset.width(), dataset.channels(), 0,
                config.classNames()))
                .store(text, "gan4j generator");
        s.entry(GeneratorFile.MANIFEST_ENTRY, text.toByteArray());
        s.entry(GeneratorFile.PARAMETERS_ENTRY, kernels.toBytes(g.parameters(),
                s.reusable(GeneratorFile.PARAMETERS_ENTRY)));
    }

    /** A network's buffers (batch norm's statistics, dropout's streams, spectral norm's vectors), one entry each. */
    private static void registerBuffers(RunState state, String name, String prefix, Network network) {
        state.register(name, s -> {
            for (Map.Entry<String, INDArray> b : network.buffers().entrySet()) {
                String entry = prefix + GeneratorFile.bufferEntry(b.getKey());
                s.entry(entry, ArrayBytes.toBytes(b.getValue(), s.reusable(entry)));
            }
        }, c -> {
            for (Map.Entry<String, INDArray> b : network.buffers().entrySet()) {
                StateCodec.load(c, prefix + GeneratorFile.bufferEntry(b.getKey()), b.getValue());
            }
        });
    }

    /** The learning-rate schedule over the run's planned length: a checkpoint of another is refused. */
    private final class Schedule implements RunState.Piece {
        private String resolved() {
            return config.learningRateSchedule().resolve(plannedSteps).toString();
        }

        @Override
        public void check(CheckpointFile.Contents c) throws IOException {
            if (!OptimizerEntries.schedule(c).toString().equals(resolved())) {
                throw new CheckpointException(c.file() + ": written with learning-rate schedule "
                        + OptimizerEntries.schedule(c) + ", but the configuration has " + resolved());
            }
        }

        @Override
        public void save(RunState.Snapshot to) {
            to.field(OptimizerEntries.SCHEDULE_FIELD, resolved());
        }

        @Override
        public void restore(CheckpointFile.Contents from) {
            // nothing to restore: the optimizers' update counts carry the position in the schedule
        }
    }

    /** Follows the step just run ({@code steps} done) with the moving average, if it updated the generator. */
    void afterStep(long steps) {
        if (ema != null && steps % config.criticSteps() == 0) {
            ema.afterGeneratorUpdate(steps);
        }
    }

    /**
     * The generator handed out (result, epoch grids, saved files): the moving average when it is on.
     *
     * @param noiseSeed the seed of its {@link TrainedGenerator#sample} noise
     */
    TrainedGenerator published(long noiseSeed) {
        return new TrainedGenerator(ema != null ? ema.generator() : g, dataset.height(), dataset.width(),
                dataset.channels(), noiseSeed, config.classNames());
    }

    /** A copy of the generator handed out, for an evaluation that runs while training goes on. */
    TrainedGenerator publishedCopy() {
        Generator live = ema != null ? ema.generator() : g;
        Network copy;
        try {
            copy = live.copy();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("evaluateEvery evaluates a copy of the generator while training goes on, "
                    + "but " + live.getClass().getName() + " does not implement Network.copy()", e);
        }
        if (!(copy instanceof Generator)) {
            throw new IllegalStateException("evaluateEvery needs a copy of the generator, but "
                    + live.getClass().getName() + ".copy() returned a " + copy.getClass().getName());
        }
        // with the class names: an evaluation of a conditional generator samples the classes in turn
        return new TrainedGenerator((Generator) copy, dataset.height(), dataset.width(), dataset.channels(), 0,
                config.classNames());
    }

    /**
     * Refuses to write a checkpoint whose parameters are not finite; checked on the snapshot just taken (a pass over
     * heap bytes) rather than on the live arrays, which are scanned only to name the tensor.
     *
     * @throws HealthGuard.DivergedException naming the step, the tensor and the last good checkpoint
     */
    void checkFinite(RunState.Snapshot s, long steps, Supplier<Path> lastGood) {
        if (!ArrayBytes.allFinite(s.entries().get(GeneratorFile.PARAMETERS_ENTRY), g.dataType())
                || !ArrayBytes.allFinite(s.entries().get(DISCRIMINATOR_ENTRY), d.dataType())) {
            HealthGuard.checkParameters(steps, g, d, lastGood); // names the tensor, and throws
        }
    }
}
