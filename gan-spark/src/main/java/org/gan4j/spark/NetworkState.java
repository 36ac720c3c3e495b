package org.gan4j.spark;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import org.gan4j.Network;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's whole state on a stream, for the copy the driver's listeners see of rank 0's networks: the flat
 * parameters, then each buffer by name (batch norm's statistics and the like). Values travel as doubles, which holds
 * float32 values exactly, so the copy is the bits of the original.
 */
final class NetworkState {

    private NetworkState() {
    }

    /** Writes {@code network}'s parameters and buffers. */
    static void write(DataOutput out, Network network) throws IOException {
        writeArray(out, network.parameters());
        Map<String, INDArray> buffers = network.buffers();
        out.writeInt(buffers.size());
        for (Map.Entry<String, INDArray> buffer : buffers.entrySet()) {
            out.writeUTF(buffer.getKey());
            writeArray(out, buffer.getValue());
        }
    }

    /**
     * Reads what {@link #write} wrote into {@code network}, a network of the same spec.
     *
     * @throws IOException if the stream ends early, or its sizes or buffer names are not {@code network}'s
     */
    static void read(DataInput in, Network network) throws IOException {
        readArray(in, network.parameters(), "parameters");
        Map<String, INDArray> buffers = network.buffers();
        int count = in.readInt();
        if (count != buffers.size()) {
            throw new IOException("the network state holds " + count + " buffers, the network " + buffers.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            INDArray target = buffers.get(name);
            if (target == null) {
                throw new IOException("the network state holds buffer " + name + ", which the network has not "
                        + "(it has " + buffers.keySet() + ")");
            }
            readArray(in, target, "buffer " + name);
        }
    }

    private static void writeArray(DataOutput out, INDArray array) throws IOException {
        double[] values = array.dup().reshape(array.length()).toDoubleVector();
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static void readArray(DataInput in, INDArray target, String what) throws IOException {
        int length = in.readInt();
        if (length != target.length()) {
            throw new IOException("the network state's " + what + " hold " + length + " values, the network's "
                    + target.length());
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
    }
}
