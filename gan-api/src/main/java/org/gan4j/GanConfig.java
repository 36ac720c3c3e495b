package org.gan4j;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gan4j.data.Dataset;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An immutable description of a GAN training run. Make one with {@link Gan#builder()}; vary one with
 * {@link #toBuilder()}.
 *
 * <p>Every default is the reference "simple GAN": {@link Mlp#referenceGenerator()} and
 * {@link Mlp#referenceDiscriminator()}, non-saturating binary cross-entropy, Adam with learning rate 3e-4 and betas
 * (0.9, 0.999), zDim 64, batch size 32, 50 epochs, float32, seed {@value #DEFAULT_SEED}.
 *
 * <p>A custom {@link Generator} or {@link Discriminator} instance is held by reference and trained in place; the
 * rest of the configuration is plain values.
 */
public final class GanConfig {

    /** The seed used when none is set. */
    public static final long DEFAULT_SEED = 42L;
    /** Default noise size. */
    public static final int DEFAULT_Z_DIM = 64;
    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Default number of epochs. */
    public static final int DEFAULT_EPOCHS = 50;
    /** Default Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 3e-4;

    private final int zDim;
    private final int batchSize;
    private final int epochs;
    private final long maxSteps;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final org.gan4j.optim.OptimizerSpec generatorOptimizer;
    private final org.gan4j.optim.OptimizerSpec discriminatorOptimizer;
    private final org.gan4j.optim.LearningRateSchedule learningRateSchedule;
    private final long seed;
    private final DataType dataType;
    private final Mlp generatorMlp;
    private final Mlp discriminatorMlp;
    private final NetworkSpec generatorSpec;
    private final NetworkSpec discriminatorSpec;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Loss loss;
    private final Objective objective;
    /** Whether {@link Builder#objective} was called, so that toBuilder().loss(...) is refused only then. */
    private final boolean objectiveGiven;
    private final int criticSteps;
    /** The generator's EMA; null when off (the default). */
    private final GeneratorEma generatorEma;
    /** R1's gamma; 0 for no R1 penalty. */
    private final double r1Gamma;
    /** Instance noise on the discriminator's inputs; null when off (the default). */
    private final InstanceNoise instanceNoise;
    /** The class names of a conditional run; empty for an unconditional one. */
    private final ImmutableList<String> classNames;
    private final ImmutableList<TrainingListener> listeners;
    private final org.gan4j.eval.PeriodicEvaluation evaluation;
    private final java.nio.file.Path checkpointDir;
    private final long checkpointEvery;
    private final int keepCheckpoints;
    private final java.util.function.BooleanSupplier stopRequested;

    private GanConfig(Builder b) {
        this.zDim = b.zDim;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.maxSteps = b.maxSteps;
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.generatorOptimizer = b.generatorOptimizer;
        this.discriminatorOptimizer = b.discriminatorOptimizer;
        this.learningRateSchedule = b.learningRateSchedule;
        this.seed = b.seed;
        this.dataType = b.dataType;
        this.generatorMlp = b.generatorMlp;
        this.discriminatorMlp = b.discriminatorMlp;
        this.generatorSpec = b.generatorSpec;
        this.discriminatorSpec = b.discriminatorSpec;
        this.generator = b.generator;
        this.discriminator = b.discriminator;
        this.loss = b.loss;
        this.objective = b.objective;
        this.objectiveGiven = b.objectiveGiven;
        this.criticSteps = b.criticSteps;
        this.generatorEma = b.generatorEma;
        this.r1Gamma = b.r1Gamma;
        this.instanceNoise = b.instanceNoise;
        this.classNames = b.classNames;
        this.listeners = ImmutableList.copyOf(b.listeners);
        this.evaluation = b.evaluation;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
        this.keepCheckpoints = b.keepCheckpoints;
        this.stopRequested = b.stopRequested;
    }

    /**
     * Above this, an Adam learning rate is almost certainly a mistake for a GAN (the reference uses 3e-4; GAN papers
     * use 1e-5 to 1e-3): {@link #warnings()} says so.
     */
    public static final double SUSPICIOUS_LEARNING_RATE = 0.1;

    /**
     * Settings that are valid but almost certainly a mistake, each as one sentence naming the field (empty for a
     * sensible configuration). Trainers log them when training starts and {@link org.gan4j.listeners.EpochLogListener}
     * prints them; training goes ahead.
     *
     * @return the warnings, possibly none
     */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (learningRate > SUSPICIOUS_LEARNING_RATE) {
            w.add("learningRate " + learningRate + " is far above what Adam trains a GAN with (the reference uses "
                    + DEFAULT_LEARNING_RATE + "; above " + SUSPICIOUS_LEARNING_RATE
                    + " training almost always diverges)");
        }
        if (loss == null && objective instanceof Objective.Wasserstein wgan && wgan.clip() > 0
                && discriminatorOptimizer() instanceof org.gan4j.optim.OptimizerSpec.Adam) {
            w.add("objective " + objective + " clips the critic's weights while Adam updates them: the WGAN paper "
                    + "found momentum-based optimizers unstable with clipping and used RMSprop (lr 5e-5)");
        }
        return w;
    }

    /**
     * Checks that this configuration can train on {@code dataset}: trainers call it before building anything, and a
     * program can call it before it creates output directories.
     *
     * @param dataset the training data
     * @throws IllegalArgumentException naming the field and the dataset, if the dataset is empty, smaller than one
     *                                  batch, or of another image size than a custom network takes; for a
     *                                  conditional run, if it has no labels or a label outside the classes
     *                                  ({@link ClassLabels#checkDataset})
     * @throws InsufficientMemoryException if the run cannot fit in this process's memory ({@link MemoryEstimate}):
     *                                  refused before anything is allocated, naming what to lower
     */
    public void checkDataset(Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        if (dataset.size() <= 0) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " is empty");
        }
        if (batchSize > dataset.size()) {
            throw new IllegalArgumentException("batchSize " + batchSize + " is larger than the dataset's "
                    + dataset.size() + " images (" + dataset.name() + "); use at most " + dataset.size());
        }
        ClassLabels.checkDataset(this, dataset);
        int imageSize = dataset.imageSize();
        if (generator == null) {
            generatorSpec(dataset.imageShape());
        }
        if (discriminator == null) {
            discriminatorSpec(dataset.imageShape());
        }
        if (generator != null && generator.outputSize() != imageSize) {
            throw new IllegalArgumentException("generator outputs " + generator.outputSize() + " values per image "
                    + "but " + dataset.name() + " has images of " + dataset.height() + "x" + dataset.width() + "x"
                    + dataset.channels() + " = " + imageSize);
        }
        if (discriminator != null && discriminator.inputSize() != imageSize + labelColumns()) {
            throw new IllegalArgumentException("discriminator takes " + discriminator.inputSize() + " values per "
                    + "image but " + dataset.name() + " has images of " + dataset.height() + "x" + dataset.width()
                    + "x" + dataset.channels() + " = " + imageSize
                    + (labelColumns() > 0 ? " (and " + labelColumns() + " one-hot columns)" : ""));
        }
        MemoryEstimate.training(this, dataset).check("batchSize, zDim, the image size or the networks' widths");
    }

    /**
     * Whether this configuration is a value that {@link #spec()} can describe: false if it holds a custom
     * {@link Generator}, {@link Discriminator} or {@link Loss} instance (code, not data).
     *
     * @return true unless a custom instance was given
     */
    public boolean hasSpec() {
        return generator == null && discriminator == null && loss == null;
    }

    /**
     * What defines this run, without how it runs (listeners, stop signal, checkpoints): the value that
     * {@code run.json} and checkpoints hold. The optimizers are the resolved ones ({@link #generatorOptimizer()},
     * {@link #discriminatorOptimizer()}), so {@link #learningRate()} and the betas appear only through them.
     *
     * @return the spec; {@code Builder.from(spec()).build().spec()} equals it
     * @throws IllegalStateException naming the custom instance, if {@link #hasSpec()} is false: a custom network or
     *                               loss is code and cannot be written as JSON; describe the network as a
     *                               {@link NetworkSpec} instead
     */
    public RunSpec spec() {
        String custom = generator != null ? "generator " + generator.getClass().getName()
                : discriminator != null ? "discriminator " + discriminator.getClass().getName()
                : loss != null ? "loss " + loss.name() : null;
        if (custom != null) {
            throw new IllegalStateException("this configuration has a custom " + custom + ": a custom instance is "
                    + "code, not a value, so the run has no spec and cannot be written as JSON; give the network as "
                    + "a NetworkSpec and the objective as an Objective instead");
        }
        return new RunSpec(zDim, batchSize, epochs, maxSteps, seed, dataType,
                architecture(generatorMlp, generatorSpec), architecture(discriminatorMlp, discriminatorSpec),
                objective, criticSteps, generatorOptimizer(), discriminatorOptimizer(), learningRateSchedule, r1Gamma,
                Optional.ofNullable(generatorEma), Optional.ofNullable(instanceNoise), classes());
    }

    private static RunSpec.Architecture architecture(Mlp mlp, NetworkSpec spec) {
        return spec != null ? new RunSpec.Architecture.OfSpec(spec) : new RunSpec.Architecture.OfMlp(mlp);
    }

    /** {@return a builder with every default. Same as {@link Gan#builder()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder that starts from this configuration} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.zDim = zDim;
        b.batchSize = batchSize;
        b.epochs = epochs;
        b.maxSteps = maxSteps;
        b.learningRate = learningRate;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.generatorOptimizer = generatorOptimizer;
        b.discriminatorOptimizer = discriminatorOptimizer;
        b.learningRateSchedule = learningRateSchedule;
        b.seed = seed;
        b.dataType = dataType;
        b.generatorMlp = generatorMlp;
        b.discriminatorMlp = discriminatorMlp;
        b.generatorSpec = generatorSpec;
        b.discriminatorSpec = discriminatorSpec;
        b.generator = generator;
        b.discriminator = discriminator;
        b.loss = loss;
        b.objective = objective;
        b.objectiveGiven = objectiveGiven;
        b.criticSteps = criticSteps;
        b.generatorEma = generatorEma;
        b.r1Gamma = r1Gamma;
        b.instanceNoise = instanceNoise;
        b.classNames = classNames;
        b.listeners.addAll(listeners);
        b.evaluation = evaluation;
        b.checkpointDir = checkpointDir;
        b.checkpointEvery = checkpointEvery;
        b.keepCheckpoints = keepCheckpoints;
        b.stopRequested = stopRequested;
        return b;
    }

    /** {@return size of the generator's noise vector} */
    public int zDim() {
        return zDim;
    }

    /** {@return the number of classes of a conditional run, 0 for an unconditional one} */
    public int classes() {
        return classNames.size();
    }

    /** {@return the class names of a conditional run (label i is element i), empty for an unconditional one} */
    public List<String> classNames() {
        return classNames;
    }

    /** {@return real images per step; the last batch of an epoch holds the remainder (PyTorch's DataLoader default)} */
    public int batchSize() {
        return batchSize;
    }

    /** {@return passes over the dataset, unless {@link #maxSteps()} ends the run first} */
    public int epochs() {
        return epochs;
    }

    /** {@return the step limit, if one is set: the run stops after this many steps even within an epoch} */
    public Optional<Long> maxSteps() {
        return maxSteps > 0 ? Optional.of(maxSteps) : Optional.empty();
    }

    /** {@return Adam's learning rate, for both networks} */
    public double learningRate() {
        return learningRate;
    }

    /** {@return Adam's first-moment decay} */
    public double beta1() {
        return beta1;
    }

    /** {@return Adam's second-moment decay} */
    public double beta2() {
        return beta2;
    }

    /** {@return Adam's epsilon, added after the square root (PyTorch's semantics)} */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The generator's optimizer: the one given to {@link Builder#generatorOptimizer}, else Adam with
     * {@link #learningRate()}, {@link #beta1()}, {@link #beta2()} and {@link #epsilon()}.
     *
     * @return the spec the provider builds the generator's optimizer from
     */
    public org.gan4j.optim.OptimizerSpec generatorOptimizer() {
        return generatorOptimizer != null ? generatorOptimizer : defaultOptimizer();
    }

    /**
     * The discriminator's optimizer: the one given to {@link Builder#discriminatorOptimizer}, else Adam with
     * {@link #learningRate()}, {@link #beta1()}, {@link #beta2()} and {@link #epsilon()}.
     *
     * @return the spec the provider builds the discriminator's optimizer from
     */
    public org.gan4j.optim.OptimizerSpec discriminatorOptimizer() {
        return discriminatorOptimizer != null ? discriminatorOptimizer : defaultOptimizer();
    }

    /** {@return the Adam that {@link #learningRate()} and the betas describe: both networks' unless one is set} */
    public org.gan4j.optim.OptimizerSpec defaultOptimizer() {
        return org.gan4j.optim.OptimizerSpec.adam(learningRate, beta1, beta2, epsilon);
    }

    /** {@return the factor on both optimizers' learning rates per update (default constant)} */
    public org.gan4j.optim.LearningRateSchedule learningRateSchedule() {
        return learningRateSchedule;
    }

    /** {@return the seed of initialisation, noise and shuffling} */
    public long seed() {
        return seed;
    }

    /** {@return floating-point type of the networks built from {@link Mlp} descriptions} */
    public DataType dataType() {
        return dataType;
    }

    /** {@return the generator as an MLP, if it was given as one (the default is {@link Mlp#referenceGenerator()})} */
    public Optional<Mlp> generatorMlp() {
        return Optional.ofNullable(generatorMlp);
    }

    /** {@return the discriminator as an MLP, if it was given as one (the default is the reference's)} */
    public Optional<Mlp> discriminatorMlp() {
        return Optional.ofNullable(discriminatorMlp);
    }

    /**
     * The generator's architecture for a dataset's images, used unless a custom {@link #generator()} is set: the
     * spec given to {@link Builder#generator(NetworkSpec)}, or the MLP's spec from {@code [zDim]} to the flattened
     * image.
     *
     * @param image the shape of the dataset's images
     * @return the spec the provider builds
     * @throws IllegalArgumentException if a given spec's output does not hold {@code image}
     */
    public NetworkSpec generatorSpec(Shape image) {
        if (generatorSpec == null) {
            return generatorMlp.spec(Shape.vector(zDim + classes()), image.flat());
        }
        if (generatorSpec.outputShape().size() != image.size()) {
            throw new IllegalArgumentException("the generator outputs " + generatorSpec.outputShape() + " ("
                    + generatorSpec.outputShape().size() + " values) but the images are " + image + " ("
                    + image.size() + " values)");
        }
        return generatorSpec;
    }

    /**
     * The discriminator's architecture for a dataset's images, used unless a custom {@link #discriminator()} is set:
     * the spec given, or the MLP's spec from the flattened image to one logit.
     *
     * @param image the shape of the dataset's images
     * @return the spec the provider builds
     * @throws IllegalArgumentException if a given spec's input does not hold {@code image}
     */
    public NetworkSpec discriminatorSpec(Shape image) {
        if (discriminatorSpec == null) {
            return discriminatorMlp.spec(Shape.vector(image.size() + labelColumns()),
                    Shape.vector(1 + auxiliaryClasses()));
        }
        if (discriminatorSpec.inputShape().size() != image.size() + labelColumns()) {
            throw new IllegalArgumentException("the discriminator takes " + discriminatorSpec.inputShape() + " ("
                    + discriminatorSpec.inputShape().size() + " values) but the images are " + image + " ("
                    + image.size() + " values)" + (labelColumns() > 0 ? " and a conditional discriminator takes them "
                    + "followed by the one-hot of " + classes() + " classes: [" + (image.size() + classes()) + "]"
                    : auxiliaryClasses() > 0 ? ", and the discriminator of an auxiliary classifier (objective "
                    + objective + ") takes the image alone, without the one-hot of its label: [" + image.size()
                    + "]" : ""));
        }
        return discriminatorSpec;
    }

    /**
     * {@return the classes of the discriminator's auxiliary head: {@link #classes()} with an
     * {@link Objective.AuxiliaryClassifier} objective (ACGAN), else 0}: D then outputs {@code 1 + classes} values
     */
    public int auxiliaryClasses() {
        return loss == null && objective instanceof Objective.AuxiliaryClassifier ? classes() : 0;
    }

    /**
     * {@return the one-hot columns after the image in the discriminator's input rows: {@link #classes()} for a
     * conditional run (cGAN; a projection discriminator reads them), 0 for an unconditional one and for an auxiliary
     * classifier, whose discriminator must not see the label it is asked to tell}
     */
    public int labelColumns() {
        return auxiliaryClasses() > 0 ? 0 : classes();
    }

    /** {@return A custom generator instance, if one was given} */
    public Optional<Generator> generator() {
        return Optional.ofNullable(generator);
    }

    /** {@return A custom discriminator instance, if one was given} */
    public Optional<Discriminator> discriminator() {
        return Optional.ofNullable(discriminator);
    }

    /** {@return A custom loss, if one was given; otherwise the provider builds {@link #objective()}'s} */
    public Optional<Loss> loss() {
        return Optional.ofNullable(loss);
    }

    /** {@return the objective (default {@link Objective#nonSaturating()}); a custom {@link #loss()} replaces it} */
    public Objective objective() {
        return objective;
    }

    /**
     * {@return discriminator updates per generator update (default 1)}: a step is one discriminator update on one
     * batch, and the generator is updated at every {@code criticSteps}-th step
     */
    public int criticSteps() {
        return criticSteps;
    }

    /**
     * {@return the exponential moving average of the generator that sampling, sample grids, the result and saved
     * generators use, if it is on (default off)}
     */
    public Optional<GeneratorEma> generatorEma() {
        return Optional.ofNullable(generatorEma);
    }

    /**
     * {@return the weight {@code gamma} of the R1 penalty on the critic's gradient at real images, if it is on}: see
     * {@link Builder#r1Penalty(double)}
     */
    public java.util.OptionalDouble r1Penalty() {
        return r1Gamma > 0 ? java.util.OptionalDouble.of(r1Gamma) : java.util.OptionalDouble.empty();
    }

    /**
     * {@return the Gaussian noise added to the discriminator's inputs, annealed to zero, if it is on (default off)}:
     * see {@link InstanceNoise}
     */
    public Optional<InstanceNoise> instanceNoise() {
        return Optional.ofNullable(instanceNoise);
    }

    /** {@return the listeners, in the order they run} */
    public List<TrainingListener> listeners() {
        return listeners;
    }

    /**
     * {@return the evaluations to make while training and at its end, if any}: see
     * {@link Builder#evaluateEvery(long, org.gan4j.eval.Evaluation, org.gan4j.eval.Evaluation)}
     */
    public Optional<org.gan4j.eval.PeriodicEvaluation> evaluation() {
        return Optional.ofNullable(evaluation);
    }

    /** {@return where checkpoints go, if anywhere} */
    public Optional<java.nio.file.Path> checkpointDir() {
        return Optional.ofNullable(checkpointDir);
    }

    /** {@return steps between checkpoints; 0 means at the end of every epoch (the default)} */
    public long checkpointEvery() {
        return checkpointEvery;
    }

    /** {@return how many checkpoints are kept (the newest; default 3)} */
    public int keepCheckpoints() {
        return keepCheckpoints;
    }

    /** {@return asked after every step; when it answers true, training writes a checkpoint (if configured) and returns} */
    public java.util.function.BooleanSupplier stopRequested() {
        return stopRequested;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper("GanConfig")
                .add("zDim", zDim)
                .add("batchSize", batchSize)
                .add("epochs", maxSteps > 0 ? "as many as maxSteps needs" : epochs)
                .add("maxSteps", maxSteps > 0 ? maxSteps : "none")
                .add("learningRate", learningRate)
                .add("betas", beta1 + "/" + beta2)
                .add("epsilon", epsilon)
                .add("generatorOptimizer", generatorOptimizer())
                .add("discriminatorOptimizer", discriminatorOptimizer())
                .add("learningRateSchedule", learningRateSchedule)
                .add("seed", seed)
                .add("dataType", dataType)
                .add("generator", generator != null ? "custom " + generator.getClass().getName()
                        : generatorSpec != null ? generatorSpec : generatorMlp)
                .add("discriminator", discriminator != null ? "custom " + discriminator.getClass().getName()
                        : discriminatorSpec != null ? discriminatorSpec : discriminatorMlp)
                .add("loss", loss != null ? loss.name() : objective.toString())
                .add("criticSteps", criticSteps)
                .omitNullValues()
                .add("generatorEma", generatorEma)
                .add("r1Penalty", r1Gamma > 0 ? r1Gamma : null)
                .add("instanceNoise", instanceNoise)
                .add("classes", classNames.isEmpty() ? null : classNames.size())
                .toString();
    }

    /**
     * Builds a {@link GanConfig}. Each setter checks its own value at once and throws
     * {@link IllegalArgumentException} naming the field; {@link #build()} checks the rules between fields and throws
     * {@link IllegalStateException}. A builder can build any number of times.
     */
    public static final class Builder {
        private int zDim = DEFAULT_Z_DIM;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int epochs = DEFAULT_EPOCHS;
        private long maxSteps = 0;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private org.gan4j.optim.OptimizerSpec generatorOptimizer;
        private org.gan4j.optim.OptimizerSpec discriminatorOptimizer;
        private org.gan4j.optim.LearningRateSchedule learningRateSchedule =
                org.gan4j.optim.LearningRateSchedule.constant();
        private long seed = DEFAULT_SEED;
        private DataType dataType = DataType.FLOAT;
        private Mlp generatorMlp = Mlp.referenceGenerator();
        private Mlp discriminatorMlp = Mlp.referenceDiscriminator();
        private NetworkSpec generatorSpec;
        private NetworkSpec discriminatorSpec;
        private Generator generator;
        private Discriminator discriminator;
        private Loss loss;
        private Objective objective = Objective.nonSaturating();
        private boolean objectiveGiven;
        private int criticSteps = 1;
        private GeneratorEma generatorEma;
        private double r1Gamma;
        private InstanceNoise instanceNoise;
        private ImmutableList<String> classNames = ImmutableList.of();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private org.gan4j.eval.PeriodicEvaluation evaluation;
        private java.nio.file.Path checkpointDir;
        private long checkpointEvery;
        private int keepCheckpoints = 3;
        private java.util.function.BooleanSupplier stopRequested = () -> false;

        private Builder() {
        }

        /**
         * A builder holding {@code spec}'s values and the defaults of everything a spec does not hold (no listeners,
         * no checkpoints): a run read from {@code run.json} trains like the run that wrote it.
         *
         * <p>{@link #learningRate}, {@link #betas} and {@link #epsilon} are taken from the discriminator's optimizer
         * if it is Adam (else the generator's), so that a configuration made from options and one made from their
         * spec are the same; an optimizer that is not that Adam is set explicitly.
         *
         * @param spec what defines the run
         * @return a new builder
         */
        public static Builder from(RunSpec spec) {
            Objects.requireNonNull(spec, "spec");
            Builder b = new Builder().zDim(spec.zDim()).batchSize(spec.batchSize()).seed(spec.seed())
                    .dataType(spec.dataType()).objective(spec.objective()).criticSteps(spec.criticSteps())
                    .learningRateSchedule(spec.learningRateSchedule());
            b.epochs = spec.epochs();
            b.maxSteps = spec.maxSteps();
            b.r1Gamma = spec.r1Penalty();
            b.classNames = ClassLabels.defaultNames(spec.classes()); // before the networks, which include the one-hot
            b.generatorEma = spec.generatorEma().orElse(null);
            b.instanceNoise = spec.instanceNoise().orElse(null);
            b.architecture(spec.generator(), true);
            b.architecture(spec.discriminator(), false);
            org.gan4j.optim.OptimizerSpec base = spec.discriminatorOptimizer() instanceof
                    org.gan4j.optim.OptimizerSpec.Adam ? spec.discriminatorOptimizer() : spec.generatorOptimizer();
            if (base instanceof org.gan4j.optim.OptimizerSpec.Adam adam) {
                b.learningRate(adam.lr()).betas(adam.beta1(), adam.beta2()).epsilon(adam.eps());
            }
            org.gan4j.optim.OptimizerSpec implicit = org.gan4j.optim.OptimizerSpec.adam(b.learningRate, b.beta1,
                    b.beta2, b.epsilon);
            if (!spec.generatorOptimizer().equals(implicit)) {
                b.generatorOptimizer(spec.generatorOptimizer());
            }
            if (!spec.discriminatorOptimizer().equals(implicit)) {
                b.discriminatorOptimizer(spec.discriminatorOptimizer());
            }
            return b;
        }

        private void architecture(RunSpec.Architecture a, boolean isGenerator) {
            if (a instanceof RunSpec.Architecture.OfMlp m) {
                if (isGenerator) {
                    generator(m.mlp());
                } else {
                    discriminator(m.mlp());
                }
            } else if (a instanceof RunSpec.Architecture.OfSpec n) {
                if (isGenerator) {
                    generator(n.spec());
                } else {
                    discriminator(n.spec());
                }
            }
        }

        /**
         * Size of the noise vector (default 64). A generator given as a spec before this call takes the new size
         * (its layers are re-inferred from {@code [zDim]}), so a recipe's zDim can be changed like any setting.
         *
         * @param zDim positive
         * @return this builder
         * @throws IllegalArgumentException if {@code zDim} is not positive, or the spec's layers cannot take it
         */
        public Builder zDim(int zDim) {
            Preconditions.checkArgument(zDim > 0, "zDim must be positive, got %s", zDim);
            this.zDim = zDim;
            if (generatorSpec != null && generatorSpec.inputShape().isVector()) {
                generatorSpec = generatorSpec.withInput(Shape.vector(zDim + classNames.size()));
            }
            return this;
        }

        /**
         * Makes the run conditional on {@code n} classes named {@code "0"} to {@code "n-1"}: see
         * {@link #classNames(List)}.
         *
         * @param n the number of classes, at least 2; 0 makes the run unconditional again
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is negative or 1
         */
        public Builder classes(int n) {
            Preconditions.checkArgument(n == 0 || n >= 2, "classes must be at least 2 (or 0 for an unconditional "
                    + "run), got %s", n);
            return classNames(ClassLabels.defaultNames(n));
        }

        /**
         * Makes the run conditional on the classes of a labelled dataset: its class names
         * ({@link Dataset#classNames()}: Fashion-MNIST's ten, an image folder's sub-directories), or, for a dataset
         * that does not name them, {@code "0"} up to its largest label. Same as
         * {@code classNames(ClassLabels.namesOf(dataset))}; see {@link #classNames(List)}. (Without it, a run given
         * a class count by {@link #classes(int)} takes the names of a dataset naming as many classes, and one naming
         * another number is refused when training starts, naming both.)
         *
         * @param dataset the labelled dataset the run will train on (or one with the same classes)
         * @return this builder
         * @throws IllegalArgumentException naming the dataset, if it has no labels or fewer than two classes, or as
         *                                  {@link #classNames(List)} throws
         */
        public Builder classesFrom(Dataset dataset) {
            Objects.requireNonNull(dataset, "dataset");
            return classNames(ClassLabels.namesOf(dataset));
        }

        /**
         * Makes the run conditional (a cGAN, Mirza and Osindero 2014): the generator takes the noise followed by the
         * one-hot of a class ({@code [zDim + classes]}) and the discriminator the image followed by the one-hot of its
         * class ({@code [imageSize + classes]}); real images come with their dataset labels, generated ones with
         * labels drawn uniformly. Networks given as vector-input specs before this call are re-inferred for the new
         * widths (as {@link #zDim(int)} does), so {@code Recipes.mlpTuned().classes(10)} is {@link Recipes#cgan()}.
         *
         * @param names one name per class (label {@code i} is {@code names.get(i)}), at least 2, none empty; an empty
         *              list makes the run unconditional again
         * @return this builder
         * @throws IllegalArgumentException if there is one name, or a name is empty or repeated
         */
        public Builder classNames(List<String> names) {
            ImmutableList<String> n = ImmutableList.copyOf(names);
            ClassLabels.checkNames(n);
            int change = n.size() - classNames.size();
            NetworkSpec g = generatorSpec;
            NetworkSpec d = discriminatorSpec;
            try {
                if (g != null && g.inputShape().isVector()) {
                    g = g.withInput(Shape.vector(g.inputShape().size() + change));
                }
                boolean auxiliary = loss == null && objective instanceof Objective.AuxiliaryClassifier;
                // an auxiliary classifier's discriminator takes the image alone: its input does not change
                if (d != null && !auxiliary && d.inputShape().isVector() && d.inputShape().size() + change > 0) {
                    d = d.withInput(Shape.vector(d.inputShape().size() + change));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("classes: the " + (g == generatorSpec ? "generator" : "discriminator")
                        + " cannot take the one-hot of " + n.size() + " classes beside its input (a conditional "
                        + "network takes it as extra input values, so its first layer must be a dense one): "
                        + e.getMessage(), e);
            }
            this.generatorSpec = g;
            this.discriminatorSpec = d;
            this.classNames = n;
            return this;
        }

        /**
         * Real images per step (default 32).
         *
         * @param batchSize real images per step, positive (and at most the dataset's size, checked when training starts)
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            Preconditions.checkArgument(batchSize > 0, "batchSize must be positive, got %s", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Passes over the dataset (default 50).
         *
         * @param epochs passes over the dataset, positive
         * @return this builder
         */
        public Builder epochs(int epochs) {
            Preconditions.checkArgument(epochs > 0, "epochs must be positive, got %s", epochs);
            this.epochs = epochs;
            return this;
        }

        /**
         * Stops the run after this many steps, even within an epoch; the number of epochs is then as many as needed
         * (default: no step limit, {@link #epochs(int)} decides).
         *
         * @param steps the step limit, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code steps} is not positive
         */
        public Builder maxSteps(long steps) {
            Preconditions.checkArgument(steps > 0, "maxSteps must be positive, got %s", steps);
            this.maxSteps = steps;
            this.epochs = Integer.MAX_VALUE;
            return this;
        }

        /**
         * Adam's learning rate for both networks (default 3e-4).
         *
         * @param learningRate Adam's step size, positive and finite
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            Preconditions.checkArgument(learningRate > 0 && Double.isFinite(learningRate),
                    "learningRate must be positive and finite, got %s", learningRate);
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Adam's moment decays (default 0.9, 0.999), each in {@code [0, 1)}.
         *
         * @param beta1 first-moment decay, in [0, 1)
         * @param beta2 second-moment decay, in [0, 1)
         * @return this builder
         */
        public Builder betas(double beta1, double beta2) {
            Preconditions.checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got %s", beta1);
            Preconditions.checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got %s", beta2);
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Adam's epsilon (default 1e-8).
         *
         * @param epsilon added after the square root, positive and finite
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            Preconditions.checkArgument(epsilon > 0 && Double.isFinite(epsilon),
                    "epsilon must be positive and finite, got %s", epsilon);
            this.epsilon = epsilon;
            return this;
        }

        /**
         * The generator's optimizer, instead of Adam from {@link #learningRate}, {@link #betas} and
         * {@link #epsilon} (those then set only the discriminator's, unless it has its own): with
         * {@link #discriminatorOptimizer} the two time-scale update rule (TTUR) of Heusel et al.
         *
         * @param spec e.g. {@code OptimizerSpec.adam(1e-4, 0.5, 0.999, 1e-8)}
         * @return this builder
         */
        public Builder generatorOptimizer(org.gan4j.optim.OptimizerSpec spec) {
            this.generatorOptimizer = Objects.requireNonNull(spec, "generatorOptimizer");
            return this;
        }

        /**
         * The discriminator's optimizer, instead of Adam from {@link #learningRate}, {@link #betas} and
         * {@link #epsilon}; e.g. RMSprop at 5e-5 for a WGAN critic, or Adam at 4e-4 for TTUR.
         *
         * @param spec the optimizer
         * @return this builder
         */
        public Builder discriminatorOptimizer(org.gan4j.optim.OptimizerSpec spec) {
            this.discriminatorOptimizer = Objects.requireNonNull(spec, "discriminatorOptimizer");
            return this;
        }

        /**
         * How both optimizers' learning rates change per update (default constant); each optimizer counts its own
         * updates.
         *
         * @param schedule e.g. {@code LearningRateSchedule.linearDecay()}: to zero at the run's last step
         * @return this builder
         */
        public Builder learningRateSchedule(org.gan4j.optim.LearningRateSchedule schedule) {
            this.learningRateSchedule = Objects.requireNonNull(schedule, "learningRateSchedule");
            return this;
        }

        /**
         * The seed of initialisation, noise and shuffling (default {@value GanConfig#DEFAULT_SEED}).
         *
         * @param seed any value; the same seed gives the same run on the same backend
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * FLOAT (default) or DOUBLE, for networks built from {@link Mlp} descriptions.
         *
         * @param dataType FLOAT or DOUBLE
         * @return this builder
         */
        public Builder dataType(DataType dataType) {
            Objects.requireNonNull(dataType, "dataType");
            Preconditions.checkArgument(dataType == DataType.FLOAT || dataType == DataType.DOUBLE,
                    "dataType must be FLOAT or DOUBLE, got %s", dataType);
            this.dataType = dataType;
            return this;
        }

        /**
         * The generator as an MLP for the provider to build (default {@link Mlp#referenceGenerator()}).
         *
         * @param mlp the network as an MLP
         * @return this builder
         */
        public Builder generator(Mlp mlp) {
            this.generatorMlp = Objects.requireNonNull(mlp, "generator");
            this.generatorSpec = null;
            this.generator = null;
            return this;
        }

        /**
         * The generator as a network spec for the provider to build: input {@code [zDim]} ({@code [zDim + classes]}
         * for a conditional run, see {@link #classNames(List)}), output the images
         * ({@code [c, h, w]} or {@code [c * h * w]}); checked against zDim at {@link #build()} and against the
         * dataset when training starts.
         *
         * @param spec the architecture
         * @return this builder
         */
        public Builder generator(NetworkSpec spec) {
            this.generatorSpec = Objects.requireNonNull(spec, "generator");
            this.generatorMlp = null;
            this.generator = null;
            return this;
        }

        /**
         * The discriminator as a network spec: input the images, output one logit ({@code [1]}, no sigmoid: the
         * loss applies it).
         *
         * @param spec the architecture
         * @return this builder
         * @throws IllegalArgumentException if the spec does not output one value
         */
        public Builder discriminator(NetworkSpec spec) {
            Objects.requireNonNull(spec, "discriminator");
            Preconditions.checkArgument(spec.outputShape().isVector(), "the discriminator must output one logit "
                    + "per image (1 + classes values with an auxiliary classifier), but %s outputs %s", spec,
                    spec.outputShape());
            this.discriminatorSpec = spec;
            this.discriminatorMlp = null;
            this.discriminator = null;
            return this;
        }

        /**
         * A custom generator, trained in place.
         *
         * @param generator the network, trained in place
         * @return this builder
         */
        public Builder generator(Generator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /**
         * The discriminator as an MLP (default {@link Mlp#referenceDiscriminator()}); its output must be a logit.
         *
         * @param mlp the network as an MLP
         * @return this builder
         */
        public Builder discriminator(Mlp mlp) {
            Objects.requireNonNull(mlp, "discriminator");
            Preconditions.checkArgument(mlp.outputActivation().isIdentity(),
                    "discriminator output activation must be identity (it returns logits; the loss applies the "
                            + "sigmoid), got %s", mlp.outputActivation());
            this.discriminatorMlp = mlp;
            this.discriminatorSpec = null;
            this.discriminator = null;
            return this;
        }

        /**
         * A custom discriminator, trained in place; it must return one logit per image.
         *
         * @param discriminator the network, trained in place; it must output one logit per image
         * @return this builder
         */
        public Builder discriminator(Discriminator discriminator) {
            this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
            return this;
        }

        /**
         * A custom objective (default: non-saturating binary cross-entropy from logits).
         *
         * @param loss the objective
         * @return this builder
         */
        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /**
         * The objective (default {@link Objective#nonSaturating()}, the reference's); see {@link Objective} for the
         * choices and their losses. Either this or a custom {@link #loss(Loss)}, not both.
         *
         * @param objective what the discriminator and the generator minimise
         * @return this builder
         */
        public Builder objective(Objective objective) {
            this.objective = Objects.requireNonNull(objective, "objective");
            this.objectiveGiven = true;
            return this;
        }

        /**
         * Discriminator (critic) updates per generator update, the WGAN papers' n-critic (default 1; 5 in WGAN and
         * WGAN-GP). Each discriminator update takes the next batch of real images, so a step stays one batch and
         * epochs, checkpoints and resume count batches; the generator is updated at steps {@code n, 2n, ...} of the
         * run (its loss in the metrics is the last one computed).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder criticSteps(int n) {
            Preconditions.checkArgument(n >= 1, "criticSteps must be at least 1, got %s", n);
            this.criticSteps = n;
            return this;
        }

        /**
         * Keeps an exponential moving average of the generator's parameters from the first generator update, which
         * sampling, the epochs' sample grids, the result and saved generators then use; see {@link GeneratorEma}.
         * Same as {@code generatorEma(decay, 0)}.
         *
         * @param decay the weight of the old average per generator update, in {@code (0, 1)}; e.g. 0.999
         * @return this builder
         * @throws IllegalArgumentException naming generatorEma decay, if it is not in {@code (0, 1)}
         */
        public Builder generatorEma(double decay) {
            return generatorEma(decay, 0);
        }

        /**
         * Keeps an exponential moving average of the generator's parameters, copying the live weights until run
         * step {@code startStep} and averaging after it; see {@link GeneratorEma}.
         *
         * @param decay     the weight of the old average per generator update, in {@code (0, 1)}
         * @param startStep the run step up to which the average is the live generator, at least 0
         * @return this builder
         * @throws IllegalArgumentException naming the field, if {@code decay} is not in {@code (0, 1)} or
         *                                  {@code startStep} is negative
         */
        public Builder generatorEma(double decay, long startStep) {
            this.generatorEma = new GeneratorEma(decay, startStep);
            return this;
        }

        /**
         * The generator's EMA as settings, or {@code null} to turn it off (the default).
         *
         * @param ema the settings, or null for none
         * @return this builder
         */
        public Builder generatorEma(GeneratorEma ema) {
            this.generatorEma = ema;
            return this;
        }

        /**
         * Adds the R1 penalty (Mescheder et al. 2018, "Which Training Methods for GANs do actually Converge?") to the
         * critic's loss at every critic update: {@code gamma / 2 mean_i ||grad_x D(x_i)||^2} over the step's real
         * images {@code x_i}, beside any objective or custom {@link Loss} (its value is part of the reported lossD).
         * The critic needs layers with a second derivative (batch norm and dropout have none): a critic with a layer
         * that has none is refused when training starts, naming the layer. Not with {@link Objective.WassersteinGp},
         * which already penalises the critic's input gradient ({@link #build()} refuses the pair).
         *
         * @param gamma the weight, positive and finite (10 in StyleGAN at 1024 pixels; small images need less)
         * @return this builder
         * @throws IllegalArgumentException naming r1Penalty, if {@code gamma} is not positive and finite
         */
        public Builder r1Penalty(double gamma) {
            Preconditions.checkArgument(gamma > 0 && Double.isFinite(gamma),
                    "r1Penalty gamma must be positive and finite, got %s", gamma);
            this.r1Gamma = gamma;
            return this;
        }

        /**
         * Adds instance noise to the discriminator's inputs: Gaussian noise of standard deviation {@code sigma0} at
         * the first step, annealed linearly to zero over {@code annealSteps} steps and off after; see
         * {@link InstanceNoise} for the schedule and which images get it. The noise comes from a random stream of
         * its own (derived from the seed), so a run with it still resumes bit for bit.
         *
         * @param sigma0      the standard deviation at the first step, positive and finite (images are in [-1, 1])
         * @param annealSteps the steps over which it falls to zero, at least 1
         * @return this builder
         * @throws IllegalArgumentException naming the field, for a value out of range
         */
        public Builder instanceNoise(double sigma0, long annealSteps) {
            this.instanceNoise = new InstanceNoise(sigma0, annealSteps);
            return this;
        }

        /**
         * Instance noise as settings, or {@code null} to turn it off (the default).
         *
         * @param noise the settings, or null for none
         * @return this builder
         */
        public Builder instanceNoise(InstanceNoise noise) {
            this.instanceNoise = noise;
            return this;
        }

        /**
         * Adds a listener; listeners run in the order added.
         *
         * @param listener called on the training thread, after the listeners added before it
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Measures the generator while it trains: every {@code steps} steps with {@code during} (usually fewer
         * samples than the protocol's, to keep it cheap), and once more when training ends with {@code atEnd}.
         * Evaluations run on a thread of their own on a copy of the generator of their step (the moving average when
         * it is on), so training does not wait for them and its results do not depend on them; listeners receive
         * them through {@link TrainingListener#onEvaluation}. Evaluation is not part of the run's spec.
         *
         * @param steps  steps between evaluations, positive
         * @param during the evaluation made every {@code steps} steps
         * @param atEnd  the evaluation of the finished run, or null for none
         * @return this builder
         * @throws IllegalArgumentException if {@code steps} is not positive
         */
        public Builder evaluateEvery(long steps, org.gan4j.eval.Evaluation during, org.gan4j.eval.Evaluation atEnd) {
            this.evaluation = new org.gan4j.eval.PeriodicEvaluation(steps, during, Optional.ofNullable(atEnd));
            return this;
        }

        /**
         * Writes checkpoints into {@code dir}: at the end of every epoch (or every {@link #checkpointEvery} steps),
         * at the end of training, and when training stops early; see {@link Trainer#resume}.
         *
         * @param dir where checkpoints go (created if missing)
         * @return this builder
         */
        public Builder checkpointDir(java.nio.file.Path dir) {
            this.checkpointDir = Objects.requireNonNull(dir, "checkpointDir");
            return this;
        }

        /**
         * A condition asked after every step (keep it cheap, e.g. an {@code AtomicBoolean::get} a signal handler
         * sets): when true, training writes a checkpoint if it has a checkpoint directory and returns what it has.
         *
         * @param stopRequested polled on the training thread after every step
         * @return this builder
         */
        public Builder stopWhen(java.util.function.BooleanSupplier stopRequested) {
            this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
            return this;
        }

        /**
         * A checkpoint every {@code steps} steps instead of every epoch.
         *
         * @param steps the number of steps, positive
         * @return this builder
         */
        public Builder checkpointEvery(long steps) {
            Preconditions.checkArgument(steps > 0, "checkpointEvery must be positive, got %s", steps);
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * How many checkpoints to keep, newest first (default 3); older ones are deleted after a new one is complete.
         *
         * @param count how many checkpoints to keep, positive
         * @return this builder
         */
        public Builder keepCheckpoints(int count) {
            Preconditions.checkArgument(count > 0, "keepCheckpoints must be positive, got %s", count);
            this.keepCheckpoints = count;
            return this;
        }

        /**
         * Checks the rules between fields and returns the configuration.
         *
         * @return an immutable configuration; the builder can go on and build more
         * @throws IllegalStateException if a custom network does not fit the rest of the configuration, an
         *                               {@link #r1Penalty(double)} is given with the wgan-gp objective, or a
         *                               gradient penalty (wgan-gp, R1) is asked of a discriminator with a layer that
         *                               has no double-backward ({@link org.gan4j.nn.LayerSpec#doubleBackward()})
         */
        public GanConfig build() {
            check(loss == null || !objectiveGiven,
                    "both a custom loss (%s) and an objective (%s) were given; give one", loss == null ? null
                            : loss.name(), objective);
            check(!(r1Gamma > 0 && loss == null && objective instanceof Objective.WassersteinGp),
                    "r1Penalty (gamma %s) and objective %s both penalise the critic's input gradient; give one",
                    r1Gamma, objective);
            check(instanceNoise == null || classNames.isEmpty(),
                    "instanceNoise (%s) is not available for a conditional run (classes %s) yet; drop instanceNoise or classes",
                    instanceNoise, classNames.size());
            int classes = classNames.size();
            boolean aux = loss == null && objective instanceof Objective.AuxiliaryClassifier;
            check(!aux || classes > 0, "objective %s has an auxiliary classifier, which tells the classes of a "
                    + "conditional run: give classes(n) or classesFrom(dataset)", objective);
            check(!aux || r1Gamma == 0, "r1Penalty (gamma %s) is not available with an auxiliary classifier "
                    + "(objective %s): it differentiates a critic of one output; drop one", r1Gamma, objective);
            int outputs = 1 + (aux ? classes : 0);
            if (generator == null && generatorSpec != null) {
                check(generatorSpec.inputShape().equals(Shape.vector(zDim + classes)),
                        "the generator takes %s but zDim is %s%s: its input must be [%s]", generatorSpec.inputShape(),
                        zDim, classes > 0 ? " and classes " + classes : "", zDim + classes);
            }
            if (generator != null) {
                check(generator.inputSize() == zDim + classes,
                        "generator takes noise of size %s but zDim is %s%s", generator.inputSize(), zDim,
                        classes > 0 ? " and classes " + classes + " (its input must be zDim + classes)" : "");
                check(generator.dataType() == dataType,
                        "generator uses %s but dataType is %s", generator.dataType(), dataType);
            }
            boolean penalised = r1Gamma > 0 || loss == null && objective instanceof Objective.WassersteinGp;
            NetworkSpec critic = discriminator != null ? discriminator.spec().orElse(null) : discriminatorSpec;
            if (penalised && critic != null) {
                int bad = critic.firstLayerWithoutDoubleBackward();
                check(bad < 0, "%s differentiates the discriminator's input gradient again, which needs a "
                        + "double-backward of every discriminator layer, but discriminator layer %s (%s) has none "
                        + "(batchNorm couples a batch's examples, dropout randomises them; dense, conv2d, the "
                        + "activations, reshape and flatten have one): remove it from the discriminator or drop %s",
                        r1Gamma > 0 ? "r1Penalty (gamma " + r1Gamma + ")" : "objective " + objective, bad,
                        bad < 0 ? "" : critic.layers().get(bad), r1Gamma > 0 ? "r1Penalty" : "the penalty");
            }
            if (discriminator == null && discriminatorSpec != null) {
                check(discriminatorSpec.outputShape().size() == outputs, "the discriminator must output %s, but "
                        + "%s outputs %s", aux ? "1 + " + classes + " = " + outputs + " values per image (the "
                        + "adversarial output, then the class logits of objective " + objective + ")"
                        : "one logit per image", discriminatorSpec, discriminatorSpec.outputShape());
            }
            if (discriminator != null) {
                check(discriminator.outputSize() == outputs,
                        "discriminator must output %s, but outputs %s values", aux ? "1 + " + classes + " = "
                        + outputs + " values per image (an auxiliary classifier)" : "one logit per image",
                        discriminator.outputSize());
                check(discriminator.dataType() == dataType,
                        "discriminator uses %s but dataType is %s", discriminator.dataType(), dataType);
            }
            if (generator != null && discriminator != null) {
                check(generator.outputSize() + (aux ? 0 : classes) == discriminator.inputSize(),
                        "generator outputs images of size %s but discriminator takes images of size %s",
                        generator.outputSize(), discriminator.inputSize());
            }
            return new GanConfig(this);
        }

        private static void check(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalStateException(String.format(template, args));
            }
        }

        /**
         * Builds the configuration and trains it on {@code dataset} with the provider {@link Gan#trainer()} finds.
         * Same as {@code Gan.trainer().train(build(), dataset)}.
         *
         * @param dataset the training images
         * @return the trained generator and discriminator, the history and the provenance
         */
        public GanResult train(Dataset dataset) {
            Objects.requireNonNull(dataset, "dataset");
            return Gan.trainer().train(build(), dataset);
        }
    }
}
