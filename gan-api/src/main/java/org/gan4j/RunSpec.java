package org.gan4j;

import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.Optional;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What defines a training run, as an immutable value: the architectures, the objective, the optimizers and their
 * schedule, the sizes, the seed and the data type. How a run is carried out (listeners, stop signal, checkpoint
 * directory and frequency, threads) is not part of it. Two runs of equal specs on the same data and backend train
 * the same networks bit for bit.
 *
 * <p>{@link GanConfig#spec()} makes one, {@link GanConfig.Builder#from(RunSpec)} starts a configuration from one;
 * {@link #toJson()} and {@link #fromJson(String)} write and read it as JSON (the format is in
 * {@code docs/user-guide.md}, "Configuration files"). The JSON field names are the record's component names.
 *
 * <p>A configuration with a custom {@link Generator}, {@link Discriminator} or {@link Loss} instance has no spec:
 * code is not a value ({@link GanConfig#hasSpec()}).
 *
 * @param zDim                   noise size
 * @param batchSize              real images per step
 * @param epochs                 passes over the dataset ({@link Integer#MAX_VALUE}: as many as {@code maxSteps} needs)
 * @param maxSteps               the step limit, or 0 for none
 * @param seed                   the seed of initialisation, noise and shuffling
 * @param dataType               FLOAT or DOUBLE
 * @param generator              the generator's architecture
 * @param discriminator          the discriminator's architecture
 * @param objective              the objective
 * @param criticSteps            discriminator updates per generator update
 * @param generatorOptimizer     the generator's optimizer
 * @param discriminatorOptimizer the discriminator's optimizer
 * @param learningRateSchedule   how both learning rates change per update
 * @param r1Penalty              the R1 penalty's gamma, or 0 for none
 * @param generatorEma           the generator's moving average, if it is on
 * @param instanceNoise          the annealed noise on the discriminator's inputs, if it is on
 * @param classes                the number of classes a conditional run trains on, or 0 for an unconditional run
 */
public record RunSpec(int zDim, int batchSize, int epochs, long maxSteps, long seed, DataType dataType,
                      Architecture generator, Architecture discriminator, Objective objective, int criticSteps,
                      OptimizerSpec generatorOptimizer, OptimizerSpec discriminatorOptimizer,
                      LearningRateSchedule learningRateSchedule, double r1Penalty,
                      Optional<GeneratorEma> generatorEma, Optional<InstanceNoise> instanceNoise, int classes) {

    /**
     * Checks every field on its own (the rules between fields are {@link GanConfig.Builder#build()}'s).
     *
     * @param zDim                   positive
     * @param batchSize              positive
     * @param epochs                 positive
     * @param maxSteps               0 or positive
     * @param seed                   any value
     * @param dataType               FLOAT or DOUBLE
     * @param generator              not null
     * @param discriminator          not null
     * @param objective              not null
     * @param criticSteps            at least 1
     * @param generatorOptimizer     not null
     * @param discriminatorOptimizer not null
     * @param learningRateSchedule   not null
     * @param r1Penalty              0 or positive and finite
     * @param generatorEma           not null (empty when off)
     * @param instanceNoise          not null (empty when off)
     * @param classes                0 (unconditional) or at least 2
     * @throws IllegalArgumentException naming the field, for a value out of range
     * @throws NullPointerException     naming the field, for a null
     */
    public RunSpec {
        positive("zDim", zDim);
        positive("batchSize", batchSize);
        positive("epochs", epochs);
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be positive, or 0 for none, got " + maxSteps);
        }
        Objects.requireNonNull(dataType, "dataType");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(discriminator, "discriminator");
        Objects.requireNonNull(objective, "objective");
        positive("criticSteps", criticSteps);
        Objects.requireNonNull(generatorOptimizer, "generatorOptimizer");
        Objects.requireNonNull(discriminatorOptimizer, "discriminatorOptimizer");
        Objects.requireNonNull(learningRateSchedule, "learningRateSchedule");
        if (!(r1Penalty >= 0) || Double.isInfinite(r1Penalty)) {
            throw new IllegalArgumentException("r1Penalty must be positive and finite, or 0 for none, got " + r1Penalty);
        }
        Objects.requireNonNull(generatorEma, "generatorEma");
        Objects.requireNonNull(instanceNoise, "instanceNoise");
        if (classes != 0 && classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, or 0 for an unconditional run, got "
                    + classes);
        }
    }

    /**
     * An unconditional run's spec ({@code classes} 0).
     *
     * @param zDim                   positive
     * @param batchSize              positive
     * @param epochs                 positive
     * @param maxSteps               0 or positive
     * @param seed                   any value
     * @param dataType               FLOAT or DOUBLE
     * @param generator              not null
     * @param discriminator          not null
     * @param objective              not null
     * @param criticSteps            at least 1
     * @param generatorOptimizer     not null
     * @param discriminatorOptimizer not null
     * @param learningRateSchedule   not null
     * @param r1Penalty              0 or positive and finite
     * @param generatorEma           not null (empty when off)
     * @param instanceNoise          not null (empty when off)
     */
    public RunSpec(int zDim, int batchSize, int epochs, long maxSteps, long seed, DataType dataType,
                   Architecture generator, Architecture discriminator, Objective objective, int criticSteps,
                   OptimizerSpec generatorOptimizer, OptimizerSpec discriminatorOptimizer,
                   LearningRateSchedule learningRateSchedule, double r1Penalty, Optional<GeneratorEma> generatorEma,
                   Optional<InstanceNoise> instanceNoise) {
        this(zDim, batchSize, epochs, maxSteps, seed, dataType, generator, discriminator, objective, criticSteps,
                generatorOptimizer, discriminatorOptimizer, learningRateSchedule, r1Penalty, generatorEma,
                instanceNoise, 0);
    }

    /**
     * An unconditional run's spec without instance noise: the constructor before both existed.
     *
     * @param zDim                   positive
     * @param batchSize              positive
     * @param epochs                 positive
     * @param maxSteps               0 or positive
     * @param seed                   any value
     * @param dataType               FLOAT or DOUBLE
     * @param generator              not null
     * @param discriminator          not null
     * @param objective              not null
     * @param criticSteps            at least 1
     * @param generatorOptimizer     not null
     * @param discriminatorOptimizer not null
     * @param learningRateSchedule   not null
     * @param r1Penalty              0 or positive and finite
     * @param generatorEma           not null (empty when off)
     */
    public RunSpec(int zDim, int batchSize, int epochs, long maxSteps, long seed, DataType dataType,
                   Architecture generator, Architecture discriminator, Objective objective, int criticSteps,
                   OptimizerSpec generatorOptimizer, OptimizerSpec discriminatorOptimizer,
                   LearningRateSchedule learningRateSchedule, double r1Penalty, Optional<GeneratorEma> generatorEma) {
        this(zDim, batchSize, epochs, maxSteps, seed, dataType, generator, discriminator, objective, criticSteps,
                generatorOptimizer, discriminatorOptimizer, learningRateSchedule, r1Penalty, generatorEma,
                Optional.empty(), 0);
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    /**
     * A network's architecture: an {@link Mlp} (whose input and output sizes come from zDim and the dataset) or a
     * {@link NetworkSpec}. In JSON an object with {@code "type": "mlp"} or {@code "type": "sequential"}.
     */
    public sealed interface Architecture {

        /**
         * An MLP, sized when training starts.
         *
         * @param mlp the description
         */
        record OfMlp(Mlp mlp) implements Architecture {
            /**
             * Checks the field.
             *
             * @param mlp not null
             */
            public OfMlp {
                Objects.requireNonNull(mlp, "mlp");
            }
        }

        /**
         * A chain of layers on a fixed input shape.
         *
         * @param spec the network
         */
        record OfSpec(NetworkSpec spec) implements Architecture {
            /**
             * Checks the field.
             *
             * @param spec not null
             */
            public OfSpec {
                Objects.requireNonNull(spec, "spec");
            }
        }
    }

    /** {@return the step limit, if there is one} */
    public Optional<Long> stepLimit() {
        return maxSteps > 0 ? Optional.of(maxSteps) : Optional.empty();
    }

    /**
     * The same spec with another run length: a resumed run may train longer or shorter than the run that wrote the
     * checkpoint, and nothing else may change.
     *
     * @param newEpochs   the epochs
     * @param newMaxSteps the step limit, 0 for none
     * @return the spec with those two fields replaced
     */
    public RunSpec withLength(int newEpochs, long newMaxSteps) {
        return new RunSpec(zDim, batchSize, newEpochs, newMaxSteps, seed, dataType, generator, discriminator,
                objective, criticSteps, generatorOptimizer, discriminatorOptimizer, learningRateSchedule, r1Penalty,
                generatorEma, instanceNoise, classes);
    }

    /**
     * The first field, in declaration order, whose value differs from {@code other}'s, e.g.
     * {@code discriminatorOptimizer: adam(lr=2.0E-4, ...) vs rmsprop(lr=5.0E-5, ...)}.
     *
     * @param other the spec to compare with
     * @return the field's name and both values ({@code this} first), or empty if the specs are equal
     */
    public Optional<String> firstDifference(RunSpec other) {
        Objects.requireNonNull(other, "other");
        for (RecordComponent c : RunSpec.class.getRecordComponents()) {
            Object mine = value(c, this);
            Object theirs = value(c, other);
            if (!mine.equals(theirs)) {
                return Optional.of(c.getName() + ": " + RunSpecJson.describe(mine) + " vs "
                        + RunSpecJson.describe(theirs));
            }
        }
        return Optional.empty();
    }

    private static Object value(RecordComponent c, RunSpec spec) {
        try {
            return c.getAccessor().invoke(spec);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /** {@return this spec as a JSON object, indented, one field a line, ending with a newline} */
    public String toJson() {
        return RunSpecJson.write(this);
    }

    /** Larger spec files are refused unread: a spec takes a few kilobytes. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /**
     * Reads a spec file, e.g. the {@code run.json} that {@code gan4j train} writes into every run directory.
     *
     * @param file a UTF-8 JSON file of at most {@value #MAX_FILE_BYTES} bytes
     * @return the spec
     * @throws java.io.IOException      if the file cannot be read, is too large or not UTF-8, naming it
     * @throws IllegalArgumentException naming the file and the JSON path, if it is not a valid spec
     */
    public static RunSpec read(java.nio.file.Path file) throws java.io.IOException {
        long size = java.nio.file.Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new java.io.IOException(file + ": " + size + " bytes; a run spec takes a few kilobytes (at most "
                    + MAX_FILE_BYTES + " read)");
        }
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new java.io.IOException(file + ": not UTF-8 text; expected a run spec in JSON", e);
        }
        try {
            return fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a spec from JSON as {@link #toJson()} writes it.
     *
     * @param json the text
     * @return the spec
     * @throws IllegalArgumentException for text that is not JSON, an unknown field, a missing field, a value of the
     *                                  wrong type or an invalid value; the message starts with the JSON path, e.g.
     *                                  {@code $.discriminatorOptimizer: ...}
     */
    public static RunSpec fromJson(String json) {
        return RunSpecJson.read(json);
    }
}
