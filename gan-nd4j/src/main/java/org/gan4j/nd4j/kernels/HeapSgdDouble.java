package org.gan4j.nd4j.kernels;

import java.nio.DoubleBuffer;
import java.util.List;

/** {@link SgdState} on the heap for double parameters. */
final class HeapSgdDouble extends HeapSlotsDouble implements SgdState {

    private final boolean momentum;

    HeapSgdDouble(DoubleBuffer params, DoubleBuffer grads, int length, boolean momentum) {
        super(params, grads, length, momentum ? List.of("buf") : List.of());
        this.momentum = momentum;
    }

    @Override
    public void update(double lr, double mu, boolean first) {
        readGradients();
        if (momentum) {
            double[] buf = slot(0);
            for (int i = 0; i < p.length; i++) {
                double bi = first ? g[i] : mu * buf[i] + g[i];
                buf[i] = bi;
                p[i] -= lr * bi;
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                p[i] -= lr * g[i];
            }
        }
        writeParameters();
    }
}
