package org.gan4j.nd4j.kernels;

import java.nio.FloatBuffer;
import java.util.List;

/** {@link SgdState} on the heap for float parameters. */
final class HeapSgdFloat extends HeapSlotsFloat implements SgdState {

    private final boolean momentum;

    HeapSgdFloat(FloatBuffer params, FloatBuffer grads, int length, boolean momentum) {
        super(params, grads, length, momentum ? List.of("buf") : List.of());
        this.momentum = momentum;
    }

    @Override
    public void update(double lr, double mu, boolean first) {
        readGradients();
        float l = (float) lr;
        if (momentum) {
            float m = (float) mu;
            float[] buf = slot(0);
            for (int i = 0; i < p.length; i++) {
                float bi = first ? g[i] : m * buf[i] + g[i];
                buf[i] = bi;
                p[i] -= l * bi;
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                p[i] -= l * g[i];
            }
        }
        writeParameters();
    }
}
