package org.gan4j.nd4j.kernels;

import java.nio.FloatBuffer;
import java.util.List;

/** {@link RmsPropState} on the heap for float parameters; the scalars are rounded to float once, as PyTorch does. */
final class HeapRmsPropFloat extends HeapSlotsFloat implements RmsPropState {

    private final boolean momentum;

    HeapRmsPropFloat(FloatBuffer params, FloatBuffer grads, int length, boolean momentum) {
        super(params, grads, length, momentum ? List.of("v", "buf") : List.of("v"));
        this.momentum = momentum;
    }

    @Override
    public void update(double lr, double alpha, double eps, double mu) {
        readGradients();
        float a = (float) alpha;
        float c = (float) (1 - alpha);
        float e = (float) eps;
        float l = (float) lr;
        float[] v = slot(0);
        if (momentum) {
            float m = (float) mu;
            float[] buf = slot(1);
            for (int i = 0; i < p.length; i++) {
                float gi = g[i];
                float vi = a * v[i] + c * gi * gi;
                v[i] = vi;
                float bi = m * buf[i] + gi / ((float) Math.sqrt(vi) + e);
                buf[i] = bi;
                p[i] -= l * bi;
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                float gi = g[i];
                float vi = a * v[i] + c * gi * gi;
                v[i] = vi;
                p[i] -= l * gi / ((float) Math.sqrt(vi) + e);
            }
        }
        writeParameters();
    }
}
