package org.gan4j.nd4j.kernels;

import java.nio.DoubleBuffer;
import java.util.List;

/** {@link RmsPropState} on the heap for double parameters, in PyTorch's order of operations. */
final class HeapRmsPropDouble extends HeapSlotsDouble implements RmsPropState {

    private final boolean momentum;

    HeapRmsPropDouble(DoubleBuffer params, DoubleBuffer grads, int length, boolean momentum) {
        super(params, grads, length, momentum ? List.of("v", "buf") : List.of("v"));
        this.momentum = momentum;
    }

    @Override
    public void update(double lr, double alpha, double eps, double mu) {
        readGradients();
        double c = 1 - alpha;
        double[] v = slot(0);
        if (momentum) {
            double[] buf = slot(1);
            for (int i = 0; i < p.length; i++) {
                double gi = g[i];
                double vi = alpha * v[i] + c * gi * gi;
                v[i] = vi;
                double bi = mu * buf[i] + gi / (Math.sqrt(vi) + eps);
                buf[i] = bi;
                p[i] -= lr * bi;
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                double gi = g[i];
                double vi = alpha * v[i] + c * gi * gi;
                v[i] = vi;
                p[i] -= lr * gi / (Math.sqrt(vi) + eps);
            }
        }
        writeParameters();
    }
}
