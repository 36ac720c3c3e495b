package org.gan4j.nd4j.checkpoint;

import org.gan4j.io.CheckpointException;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;

/**
 * Where a checkpoint keeps each network's optimizer: the spec's text form in {@code config.optimizer.<network>},
 * the update count in {@code <kind>.<network>.steps} and each state array in {@code <kind>-<network>-<state>.bin}.
 * For Adam these are the names of the first release ({@code adam.generator.steps}, {@code adam-generator-m.bin}),
 * so its checkpoints still load; they have no {@code config.optimizer.*}, which means Adam from their
 * {@code config.learningRate}, {@code config.betas} and {@code config.epsilon}. The learning-rate schedule, with the
 * run's length filled in, is {@code config.lrSchedule} (missing: constant).
 */
public final class OptimizerEntries {

    /** The networks that have an optimizer, as entry names spell them. */
    public static final String[] NETWORKS = {"generator", "discriminator"};
    /** The manifest field of the learning-rate schedule. */
    public static final String SCHEDULE_FIELD = "config.lrSchedule";

    private OptimizerEntries() {
    }

    /**
     * The manifest field of a network's optimizer spec.
     *
     * @param network {@code generator} or {@code discriminator}
     * @return {@code config.optimizer.<network>}
     */
    public static String specField(String network) {
        return "config.optimizer." + network;
    }

    /**
     * The manifest field of an optimizer's update count.
     *
     * @param spec    the optimizer
     * @param network {@code generator} or {@code discriminator}
     * @return {@code <kind>.<network>.steps}, e.g. {@code adam.generator.steps}
     */
    public static String stepsField(OptimizerSpec spec, String network) {
        return spec.kind() + "." + network + ".steps";
    }

    /**
     * The entry of one state array.
     *
     * @param spec    the optimizer
     * @param network {@code generator} or {@code discriminator}
     * @param state   one of its state names ({@code m}, {@code v}, {@code buf})
     * @return {@code <kind>-<network>-<state>.bin}, e.g. {@code adam-generator-m.bin}
     */
    public static String entry(OptimizerSpec spec, String network, String state) {
        return spec.kind() + "-" + network + "-" + state + ".bin";
    }

    /**
     * The optimizer a checkpoint was written with.
     *
     * @param c       the checkpoint
     * @param network {@code generator} or {@code discriminator}
     * @return its spec
     * @throws CheckpointException naming the field if it cannot be read
     */
    public static OptimizerSpec spec(CheckpointFile.Contents c, String network) throws CheckpointException {
        String field = specField(network);
        String text = c.manifest().getProperty(field);
        try {
            if (text != null) {
                return OptimizerSpec.parse(text);
            }
            field = "config.learningRate, config.betas, config.epsilon";
            String[] betas = c.field("config.betas").split(",", -1);
            if (betas.length != 2) {
                throw new IllegalArgumentException("config.betas must be <beta1>,<beta2>, found "
                        + c.field("config.betas"));
            }
            return OptimizerSpec.adam(Double.parseDouble(c.field("config.learningRate")),
                    Double.parseDouble(betas[0]), Double.parseDouble(betas[1]),
                    Double.parseDouble(c.field("config.epsilon")));
        } catch (IllegalArgumentException e) {
            throw CheckpointFile.refused(c.file(), CheckpointFile.MANIFEST + ": " + field + ": " + e.getMessage());
        }
    }

    /**
     * The learning-rate schedule a checkpoint was written with.
     *
     * @param c the checkpoint
     * @return its schedule, constant if it names none
     * @throws CheckpointException naming the field if it cannot be read
     */
    public static LearningRateSchedule schedule(CheckpointFile.Contents c) throws CheckpointException {
        String text = c.manifest().getProperty(SCHEDULE_FIELD);
        try {
            return text == null ? LearningRateSchedule.constant() : LearningRateSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            throw CheckpointFile.refused(c.file(), CheckpointFile.MANIFEST + ": " + SCHEDULE_FIELD + ": "
                    + e.getMessage());
        }
    }
}
