package org.gan4j.nd4j.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.BitSet;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.optim.Optimizers;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The rules a training run's checkpoint obeys, checked when it is read so that a forged or damaged manifest (its
 * checksums recomputed) is refused with the field named instead of resuming into nonsense or a stack trace.
 *
 * <p>The rules follow from how {@code TrainingRun} counts: an epoch of {@code n} images is visited in batches of
 * {@code batchSize} (the last holds the remainder), so after {@code batchInEpoch} batches of epoch {@code e >= 1}
 * the position in the epoch's order is {@code min(batchInEpoch * batchSize, n)}, and the steps trained are
 * {@code (e - 1) * stepsPerEpoch + batchInEpoch}; before the first step, epoch is 0 and the position is {@code n}.
 * Each step updates each network's optimizer once ({@link OptimizerEntries} says where each keeps its state).
 * {@code order.bin} is a permutation of the dataset's indices. Parameters and optimizer state are finite, Adam's
 * second moments, RMSprop's square averages and BatchNorm running variances not negative. The generator's EMA
 * ({@code generator-ema.bin}) is there exactly when the manifest has its settings, finite and as long as the
 * generator's parameters.
 */
final class RunStateRules {

    /** The generator's EMA: its entry, and its settings in the manifest (TrainingRun writes both, or neither). */
    static final String EMA_ENTRY = "generator-ema.bin";
    static final String EMA_FIELD = "config.generatorEma";

    private RunStateRules() {
    }

    static void check(CheckpointFile.Contents c) throws CheckpointException {
        int n = (int) number(c, "dataset.size", 1, Integer.MAX_VALUE);
        int batch = (int) number(c, "config.batchSize", 1, Integer.MAX_VALUE);
        long stepsPerEpoch = (n + (long) batch - 1) / batch;
        int epoch = (int) number(c, "epoch", 0, Integer.MAX_VALUE);
        int position = (int) number(c, "position", 0, n);
        long batchInEpoch = number(c, "batchInEpoch", 0, stepsPerEpoch);
        long steps = number(c, "steps", 0, Long.MAX_VALUE);
        if (epoch == 0) {
            if (position != n || batchInEpoch != 0 || steps != 0) {
                throw refused(c, "epoch is 0 (before the first step), so position must be " + n + " (dataset.size),"
                        + " batchInEpoch and steps 0; found position " + position + ", batchInEpoch " + batchInEpoch
                        + ", steps " + steps);
            }
        } else {
            long expectedPosition = Math.min(batchInEpoch * batch, n);
            if (batchInEpoch == 0 || position != expectedPosition) {
                throw refused(c, "position is " + position + " after " + batchInEpoch + " batches of "
                        + batch + " in an epoch of " + n + " images; expected " + (batchInEpoch == 0
                        ? "at least one batch" : Long.toString(expectedPosition)));
            }
            long expectedSteps;
            try {
                expectedSteps = Math.addExact(Math.multiplyExact(epoch - 1L, stepsPerEpoch), batchInEpoch);
            } catch (ArithmeticException e) {
                expectedSteps = -1;
            }
            if (steps != expectedSteps) {
                throw refused(c, "steps is " + steps + " but epoch " + epoch + " at batch " + batchInEpoch + " of "
                        + stepsPerEpoch + " means " + (expectedSteps < 0 ? "more steps than a long holds"
                        : Long.toString(expectedSteps)));
            }
        }
        // absent before critic steps existed, and written only when not 1
        long criticSteps = c.manifest().getProperty("config.criticSteps") == null ? 1
                : number(c, "config.criticSteps", 1, Integer.MAX_VALUE);
        checkOptimizerSteps(c, steps, criticSteps);
        if (criticSteps > 1) {
            finiteDoubles(c, "lastLossG", 1);
        }
        finiteDoubles(c, "sums", 4);
        String extraSums = c.manifest().getProperty("extraSums"); // the extra metrics' sums, when a run has them
        if (extraSums != null) {
            finiteDoubles(c, "extraSums", extraSums.split(",", -1).length);
        }
        random(c, "random.noise");
        random(c, "random.shuffle");
        if (c.manifest().getProperty("random.penalty") != null) {
            random(c, "random.penalty");
        }
        // instance noise: its settings and its stream, both or neither
        boolean noiseOn = c.manifest().getProperty("config.instanceNoise") != null;
        if (noiseOn != (c.manifest().getProperty("random.instanceNoise") != null)) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + (noiseOn ? "config.instanceNoise is set but "
                    + "random.instanceNoise (its stream) is missing" : "random.instanceNoise is set but "
                    + "config.instanceNoise (its settings) is missing"));
        }
        if (noiseOn) {
            random(c, "random.instanceNoise");
        }
        checkOrder(c, n);
        checkArrays(c);
    }

    /** The discriminator's optimizer made one update per step, the generator's one per {@code criticSteps}. */
    private static void checkOptimizerSteps(CheckpointFile.Contents c, long steps, long criticSteps)
            throws CheckpointException {
        OptimizerEntries.schedule(c);
        for (String network : OptimizerEntries.NETWORKS) {
            String key = OptimizerEntries.stepsField(OptimizerEntries.spec(c, network), network);
            long updates = number(c, key, 0, Long.MAX_VALUE);
            long expected = network.equals("generator") ? steps / criticSteps : steps;
            if (updates != expected) {
                throw refused(c, key + " is " + updates + (expected == steps
                        ? " but steps is " + steps + " (one update per step)"
                        : " but " + steps + " steps with " + criticSteps + " critic steps per generator update mean "
                        + expected));
            }
        }
    }

    private static void checkOrder(CheckpointFile.Contents c, int n) throws CheckpointException {
        byte[] bytes = c.entry("order.bin");
        if (bytes.length != 4L * n) {
            throw refused(c, "entry order.bin holds " + bytes.length + " bytes; " + n + " indices (dataset.size) "
                    + "take " + 4L * n);
        }
        IntBuffer order = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        BitSet seen = new BitSet(n);
        for (int i = 0; i < n; i++) {
            int index = order.get(i);
            if (index < 0 || index >= n) {
                throw refused(c, "entry order.bin: index " + i + " is " + index + ", outside the dataset's 0.."
                        + (n - 1));
            }
            if (seen.get(index)) {
                throw refused(c, "entry order.bin: image " + index + " appears twice; the order must visit every "
                        + "image once");
            }
            seen.set(index);
        }
    }

    private static void checkArrays(CheckpointFile.Contents c) throws CheckpointException {
        String typeName = c.field("config.dataType");
        if (!typeName.equals(DataType.FLOAT.name()) && !typeName.equals(DataType.DOUBLE.name())) {
            throw refused(c, CheckpointFile.MANIFEST + ": config.dataType must be FLOAT or DOUBLE, found " + typeName);
        }
        DataType type = DataType.valueOf(typeName);
        for (String network : OptimizerEntries.NETWORKS) {
            String parameters = network.equals("generator") ? "parameters.bin" : "discriminator.bin";
            byte[] p = values(c, parameters, type, false);
            OptimizerSpec spec = OptimizerEntries.spec(c, network);
            for (String state : Optimizers.stateNames(spec)) {
                String name = OptimizerEntries.entry(spec, network, state);
                byte[] m = values(c, name, type, Optimizers.nonNegative(spec, state));
                if (m.length != p.length) {
                    throw refused(c, "entry " + name + " holds " + m.length + " bytes but " + parameters + " holds "
                            + p.length + ": one " + (spec.kind().equals("adam") ? "moment" : "value")
                            + " per parameter");
                }
            }
        }
        checkGeneratorEma(c, type);
        for (String name : c.entries().keySet()) {
            if (name.endsWith(".running_mean.bin") || name.endsWith(".running_var.bin")) {
                values(c, name, type, name.endsWith(".running_var.bin"));
            }
        }
    }

    /** The generator's EMA entry: there exactly when its settings are, finite, one value per generator parameter. */
    private static void checkGeneratorEma(CheckpointFile.Contents c, DataType type) throws CheckpointException {
        String settings = c.manifest().getProperty(EMA_FIELD);
        boolean entry = c.entries().containsKey(EMA_ENTRY);
        if (settings == null) {
            if (entry) {
                throw refused(c, "entry " + EMA_ENTRY + " is present but " + CheckpointFile.MANIFEST + " has no "
                        + EMA_FIELD + " (the generator's EMA settings)");
            }
            return;
        }
        try {
            org.gan4j.GeneratorEma.parse(settings);
        } catch (IllegalArgumentException e) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + EMA_FIELD + ": " + e.getMessage());
        }
        byte[] ema = values(c, EMA_ENTRY, type, false);
        byte[] parameters = c.entry("parameters.bin");
        if (ema.length != parameters.length) {
            throw refused(c, "entry " + EMA_ENTRY + " holds " + ema.length + " bytes but parameters.bin holds "
                    + parameters.length + ": one average per generator parameter");
        }
    }

    /** An array entry of {@code type}: whole values, finite, and not negative if asked. */
    private static byte[] values(CheckpointFile.Contents c, String name, DataType type, boolean nonNegative)
            throws CheckpointException {
        byte[] b = c.entry(name);
        int width = ArrayBytes.width(type);
        if (b.length % width != 0) {
            throw refused(c, "entry " + name + " holds " + b.length + " bytes, not a whole number of " + type
                    + " values");
        }
        if (!ArrayBytes.allFinite(b, type)) {
            throw refused(c, "entry " + name + " holds NaN or infinite values");
        }
        if (nonNegative && !ArrayBytes.allAtLeast(b, type, 0)) {
            throw refused(c, "entry " + name + " holds negative values; " + (name.startsWith("adam-")
                    ? "Adam's second moments are squares" : name.startsWith("rmsprop-")
                    ? "RMSprop's square averages are never negative" : "a variance is never negative"));
        }
        return b;
    }

    private static long number(CheckpointFile.Contents c, String key, long min, long max)
            throws CheckpointException {
        String text = c.field(key);
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + key + " must be a whole number, found " + text);
        }
        if (v < min || v > max) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + key + " must be in " + min + ".." + max + ", found "
                    + v);
        }
        return v;
    }

    private static void finiteDoubles(CheckpointFile.Contents c, String key, int count) throws CheckpointException {
        String[] parts = c.field(key).split(",", -1);
        if (parts.length != count) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + key + " must hold " + count + " numbers, found "
                    + c.field(key));
        }
        for (String part : parts) {
            finite(c, key, part);
        }
    }

    private static void finite(CheckpointFile.Contents c, String key, String text) throws CheckpointException {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + key + " must hold finite numbers, found "
                    + c.field(key));
        }
    }

    /** A random stream's state as {@code TrainingRun} writes it: {@code <long>,<true|false>,<finite double>}. */
    private static void random(CheckpointFile.Contents c, String key) throws CheckpointException {
        String[] parts = c.field(key).split(",", -1);
        boolean ok = parts.length == 3 && (parts[1].equals("true") || parts[1].equals("false"));
        if (ok) {
            try {
                Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw refused(c, CheckpointFile.MANIFEST + ": " + key + " must be <state>,<true|false>,<spare>, found "
                    + c.field(key));
        }
        finite(c, key, parts[2]);
    }

    private static CheckpointException refused(CheckpointFile.Contents c, String problem) {
        return CheckpointFile.refused(c.file(), problem);
    }
}
