package org.gan4j.nd4j;

import java.io.IOException;
import java.util.Properties;
import org.gan4j.GanConfig;
import org.gan4j.Version;
import org.gan4j.data.Dataset;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.checkpoint.SpecEntry;

/**
 * A run's checkpoint: its {@link RunState}, and what says which run it belongs to, which a resume compares before
 * anything is restored: the run's spec ({@link SpecEntry}, or for older checkpoints and runs with custom instances
 * the {@code config.*} fields), the generator's EMA and instance noise settings, and the dataset's name and size.
 */
final class RunCheckpoint {

    /** The manifest field of the instance noise's settings; written only when it is on (like the EMA's). */
    static final String INSTANCE_NOISE_FIELD = "config.instanceNoise";
    /** The writer of the identity's fields and entry, for messages. */
    private static final String IDENTITY = "the run's identity";

    private final GanConfig config;
    private final Dataset dataset;
    private final RunState state;

    RunCheckpoint(GanConfig config, Dataset dataset, RunState state) {
        this.config = config;
        this.dataset = dataset;
        this.state = state;
    }

    /**
     * A snapshot of the run: the state's fields and entries, then the run's identity. Its arrays reuse those of the
     * previous snapshot, so take it only once that one is written.
     *
     * @return the manifest and entries to write
     * @throws IOException if a piece cannot be encoded
     */
    RunState.Snapshot take() throws IOException {
        // the identity's fields first, the spec's entry last: where checkpoints have always had them
        RunState.Snapshot s = state.save(IDENTITY, this::identityFields).writtenBy(IDENTITY);
        SpecEntry.of(config).ifPresent(json -> s.entry(SpecEntry.NAME, json)); // what a resume compares
        return s;
    }

    private void identityFields(RunState.Snapshot s) {
        configFields(config, dataset.imageShape()).forEach((k, v) -> s.field((String) k, (String) v));
        s.field("gan4j.version", Version.get());
        s.field("dataset.name", dataset.name());
        s.field("dataset.size", Integer.toString(dataset.size()));
    }

    /**
     * Restores the run from a checkpoint of it.
     *
     * @param c a checkpoint {@link CheckpointFile#read} verified
     * @throws CheckpointException naming the file and the first setting that differs, if it is another run's or of
     *                             another dataset; or what does not fit, from the state's pieces
     * @throws IOException         if an entry cannot be decoded
     */
    void restore(CheckpointFile.Contents c) throws IOException {
        compareSetting(c, GeneratorAverage.FIELD, "generatorEma",
                config.generatorEma().map(org.gan4j.GeneratorEma::text).orElse("off"));
        compareSetting(c, INSTANCE_NOISE_FIELD, "instanceNoise",
                config.instanceNoise().map(org.gan4j.InstanceNoise::text).orElse("off"));
        if (!SpecEntry.check(c, config)) { // a checkpoint without a spec, or a run with custom instances
            checkConfigFields(c);
        }
        if (!dataset.name().equals(c.field("dataset.name"))
                || dataset.size() != StateCodec.parseInt(c, "dataset.size")) {
            throw new CheckpointException(c.file() + ": written for dataset " + c.field("dataset.name") + " ("
                    + c.field("dataset.size") + " images), not " + dataset.name() + " (" + dataset.size() + ")");
        }
        state.restore(c);
    }

    /** A setting written only when it is on: its absence means "off". */
    private static void compareSetting(CheckpointFile.Contents c, String field, String name, String own)
            throws CheckpointException {
        String saved = c.manifest().getProperty(field, "off");
        if (!saved.equals(own)) {
            throw new CheckpointException(c.file() + ": written with " + name + " " + saved
                    + ", but the configuration has " + own);
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
}
