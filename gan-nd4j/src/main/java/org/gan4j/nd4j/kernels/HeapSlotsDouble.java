package org.gan4j.nd4j.kernels;

import java.nio.DoubleBuffer;
import java.util.List;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The heap side of an optimizer for double parameters, as {@link HeapAdamDouble} does it: gradients copied in and
 * parameters out in bulk, the update over Java arrays, nothing allocated per step. The heap copy of the parameters
 * is the source of truth between {@link #parametersChanged()} calls.
 */
abstract class HeapSlotsDouble implements SlotState {

    private final DoubleBuffer params;
    private final DoubleBuffer grads;
    /** The parameters and gradients on the heap. */
    final double[] p;
    final double[] g;
    private final List<String> names;
    private final double[][] slots;
    /** The clipping bound; 0 for none. */
    private double clip;

    HeapSlotsDouble(DoubleBuffer params, DoubleBuffer grads, int length, List<String> names) {
        this.params = params;
        this.grads = grads;
        this.p = new double[length];
        this.g = new double[length];
        this.names = List.copyOf(names);
        this.slots = new double[names.size()][length];
        parametersChanged();
    }

    /** {@return slot {@code i} of {@link #slots()}, written in place by updates} */
    final double[] slot(int i) {
        return slots[i];
    }

    /** Copies the gradients in. */
    final void readGradients() {
        grads.get(0, g, 0, g.length);
    }

    /** Copies the parameters out, clipped first when {@link #clipParameters} is on. */
    final void writeParameters() {
        if (clip > 0) {
            Clip.clamp(p, clip);
        }
        params.put(0, p, 0, p.length);
    }

    private double[] named(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no slot " + name + "; the slots are " + names);
        }
        return slots[i];
    }

    @Override
    public final List<String> slots() {
        return names;
    }

    @Override
    public final INDArray slot(String name) {
        return Nd4j.createFromArray(named(name).clone());
    }

    @Override
    public final byte[] slotBytes(String name, byte[] reuse) {
        return ArrayBytes.toBytes(DoubleBuffer.wrap(named(name)), reuse);
    }

    @Override
    public final void restore(String name, INDArray values) {
        double[] s = named(name);
        System.arraycopy(values.reshape(s.length).toDoubleVector(), 0, s, 0, s.length);
    }

    @Override
    public final void parametersChanged() {
        params.get(0, p, 0, p.length);
    }

    @Override
    public final void clipParameters(double bound) {
        clip = Clip.bound(bound);
    }
}
