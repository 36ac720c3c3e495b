package org.gan4j.nd4j.kernels;

import java.nio.FloatBuffer;
import java.util.List;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The heap side of an optimizer for float parameters: gradients copied in and parameters out in bulk, the update
 * over Java arrays, nothing allocated per step ({@link HeapAdamFloat} moves less memory, in chunk arrays). The heap
 * copy of the parameters is the source of truth between {@link #parametersChanged()} calls.
 */
abstract class HeapSlotsFloat implements SlotState {

    private final FloatBuffer params;
    private final FloatBuffer grads;
    /** The parameters and gradients on the heap. */
    final float[] p;
    final float[] g;
    private final List<String> names;
    private final float[][] slots;
    /** Whether updates clip the parameters, and the bound, rounded to float (as ND4J rounds its scalar). */
    private boolean clipping;
    private float clip;

    HeapSlotsFloat(FloatBuffer params, FloatBuffer grads, int length, List<String> names) {
        this.params = params;
        this.grads = grads;
        this.p = new float[length];
        this.g = new float[length];
        this.names = List.copyOf(names);
        this.slots = new float[names.size()][length];
        parametersChanged();
    }

    /** {@return slot {@code i} of {@link #slots()}, written in place by updates} */
    final float[] slot(int i) {
        return slots[i];
    }

    /** Copies the gradients in. */
    final void readGradients() {
        grads.get(0, g, 0, g.length);
    }

    /** Copies the parameters out, clipped first when {@link #clipParameters} is on. */
    final void writeParameters() {
        if (clipping) {
            Clip.clamp(p, clip);
        }
        params.put(0, p, 0, p.length);
    }

    private float[] named(String name) {
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
        return ArrayBytes.toBytes(FloatBuffer.wrap(named(name)), reuse);
    }

    @Override
    public final void restore(String name, INDArray values) {
        float[] s = named(name);
        System.arraycopy(values.reshape(s.length).toFloatVector(), 0, s, 0, s.length);
    }

    @Override
    public final void parametersChanged() {
        params.get(0, p, 0, p.length);
    }

    @Override
    public final void clipParameters(double bound) {
        clipping = Clip.bound(bound) > 0;
        clip = (float) bound;
    }
}
