package org.gan4j.nd4j;

import org.gan4j.Network;
import org.gan4j.SeededRandom;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the pieces of a {@link RunState} spell their values in a checkpoint: arrays as little-endian entries, numbers
 * as manifest fields (doubles in hexadecimal, exact), random streams as {@code <state>,<hasSpare>,<spare>}.
 */
final class StateCodec {

    private StateCodec() {
    }

    /**
     * Reads an entry into an array of the same length and type.
     *
     * @throws CheckpointException naming the entry, if its length does not fit the array (another architecture)
     */
    static void load(CheckpointFile.Contents c, String entry, INDArray target) throws CheckpointException {
        byte[] bytes = c.entry(entry);
        long expected = target.length() * ArrayBytes.width(target.dataType());
        if (bytes.length != expected) {
            throw new CheckpointException(c.file() + ": entry " + entry + " holds " + bytes.length + " bytes, the "
                    + "network needs " + expected + " (" + target.length() + " " + target.dataType() + " values): "
                    + "a checkpoint of another architecture");
        }
        target.assign(ArrayBytes.fromBytes(bytes, target.dataType()).reshape(target.shape()));
    }

    /** An entry laid out like {@code like}'s parameter vector, read into a new array. */
    static INDArray array(CheckpointFile.Contents c, String entry, Network like) throws CheckpointException {
        INDArray a = org.nd4j.linalg.factory.Nd4j.create(like.dataType(), like.parameterCount());
        load(c, entry, a);
        return a;
    }

    static int parseInt(CheckpointFile.Contents c, String key) throws CheckpointException {
        return (int) parseLong(c, key);
    }

    static long parseLong(CheckpointFile.Contents c, String key) throws CheckpointException {
        try {
            return Long.parseLong(c.field(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException(c.file() + ": " + CheckpointFile.MANIFEST + ": " + key
                    + " is not a number: " + c.field(key));
        }
    }

    /** Doubles as a field: hexadecimal, comma-separated, exact. */
    static String doubles(double... v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) {
            s.append(s.length() == 0 ? "" : ",").append(Double.toHexString(x)); // exact
        }
        return s.toString();
    }

    static String random(SeededRandom r) {
        SeededRandom.State s = r.state();
        return s.state() + "," + s.hasSpare() + "," + Double.toHexString(s.spare());
    }

    static SeededRandom random(CheckpointFile.Contents c, String key) throws CheckpointException {
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
