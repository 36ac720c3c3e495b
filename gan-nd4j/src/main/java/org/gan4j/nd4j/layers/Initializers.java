package org.gan4j.nd4j.layers;

import org.gan4j.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** PyTorch's default initialisations, drawn from a {@link SeededRandom} in c-order. */
final class Initializers {

    private Initializers() {
    }

    /** Fills {@code target} with values uniform in {@code ±bound}, in c-order, one {@code nextDouble()} each. */
    static void uniform(INDArray target, SeededRandom random, double bound) {
        double[] values = new double[Math.toIntExact(target.length())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * random.nextDouble() - 1) * bound;
        }
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape('c', target.shape()));
    }
}
