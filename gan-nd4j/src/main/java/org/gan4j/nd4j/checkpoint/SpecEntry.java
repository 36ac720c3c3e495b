package org.gan4j.nd4j.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.gan4j.GanConfig;
import org.gan4j.RunSpec;
import org.gan4j.io.CheckpointException;

/**
 * The checkpoint entry {@value #NAME}: the run's {@link RunSpec} as JSON, so that a resume compares the whole spec
 * and names the first field that differs. Checkpoints written before it existed, and runs with a custom network or
 * loss (no spec), keep the older comparison of the {@code config.*} manifest fields.
 */
public final class SpecEntry {

    /** The entry's name, as a run directory's copy. */
    public static final String NAME = "run.json";
    /** Larger entries are refused unparsed: a spec takes a few kilobytes. */
    static final int MAX_BYTES = 1024 * 1024;

    private SpecEntry() {
    }

    /**
     * The entry for a configuration.
     *
     * @param config the run's configuration
     * @return the spec's JSON in UTF-8, or empty if the configuration has no spec
     */
    public static Optional<byte[]> of(GanConfig config) {
        return config.hasSpec() ? Optional.of(config.spec().toJson().getBytes(StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /**
     * Compares a checkpoint's spec with a configuration's, except the run's length (a resume may train longer) and
     * the learning-rate schedule (compared resolved over the length, with the optimizers' manifest fields).
     *
     * @param c      the checkpoint
     * @param config the configuration of the resumed run
     * @return true if both have a spec and they were compared; false if either has none (compare the manifest's
     *         {@code config.*} fields instead)
     * @throws CheckpointException naming the file and the first field that differs, or the JSON path of a damaged
     *                             entry
     */
    public static boolean check(CheckpointFile.Contents c, GanConfig config) throws CheckpointException {
        byte[] bytes = c.entries().get(NAME);
        if (bytes == null || !config.hasSpec()) {
            return false;
        }
        if (bytes.length > MAX_BYTES) {
            throw CheckpointFile.refused(c.file(), "entry " + NAME + " holds " + bytes.length + " bytes; a run spec "
                    + "takes a few kilobytes (at most " + MAX_BYTES + ")");
        }
        RunSpec saved;
        try {
            saved = RunSpec.fromJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw CheckpointFile.refused(c.file(), "entry " + NAME + ": " + e.getMessage());
        }
        RunSpec current = config.spec();
        // The length may change; the schedule is compared resolved over the run's length by the caller
        // (OptimizerEntries): linear() over 60 steps and linear(steps=60) decay alike.
        RunSpec comparable = new RunSpec(saved.zDim(), saved.batchSize(), current.epochs(), current.maxSteps(),
                saved.seed(), saved.dataType(), saved.generator(), saved.discriminator(), saved.objective(),
                saved.criticSteps(), saved.generatorOptimizer(), saved.discriminatorOptimizer(),
                current.learningRateSchedule(), saved.r1Penalty(), saved.generatorEma(), saved.instanceNoise(),
                saved.classes());
        Optional<String> difference = comparable.firstDifference(current);
        if (difference.isPresent()) {
            throw new CheckpointException(c.file() + ": written with another run spec; the first field that differs"
                    + " is " + difference.get() + " (checkpoint vs this configuration)");
        }
        return true;
    }
}
