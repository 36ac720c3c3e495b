package org.gan4j.nd4j.kernels;

import java.util.List;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The slots of an optimizer on ND4J arrays of the parameters' backend, updated with ND4J ops in place (any backend,
 * CUDA included); two scratch arrays so that no step allocates an array.
 */
abstract class PortableSlots implements SlotState {

    /** The flat parameters, updated in place, and their gradients. */
    final INDArray params;
    final INDArray grads;
    /** Scratch arrays as long as the parameters. */
    final INDArray tmp;
    final INDArray tmp2;
    private final List<String> names;
    private final INDArray[] slots;
    /** The clipping bound; 0 for none. */
    private double clip;

    PortableSlots(INDArray params, INDArray grads, List<String> names, boolean secondScratch) {
        this.params = params;
        this.grads = grads;
        this.names = List.copyOf(names);
        this.slots = new INDArray[names.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = Nd4j.zeros(params.dataType(), params.length());
        }
        this.tmp = Nd4j.zeros(params.dataType(), params.length());
        this.tmp2 = secondScratch ? Nd4j.zeros(params.dataType(), params.length()) : null;
    }

    /** {@return slot {@code i} of {@link #slots()}, updated in place} */
    final INDArray slot(int i) {
        return slots[i];
    }

    private INDArray named(String name) {
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
        return named(name).dup();
    }

    @Override
    public final byte[] slotBytes(String name, byte[] reuse) {
        return ArrayBytes.toBytes(named(name), reuse);
    }

    @Override
    public final void restore(String name, INDArray values) {
        INDArray s = named(name);
        s.assign(values.reshape(s.length()));
    }

    @Override
    public final void parametersChanged() {
        // reads the parameters in place every step
    }

    @Override
    public final void clipParameters(double bound) {
        clip = Clip.bound(bound);
    }

    /** Clips the parameters if {@link #clipParameters} is on: the last thing each update does. */
    final void constrain() {
        if (clip > 0) {
            Clip.clamp(params, clip);
        }
    }
}
