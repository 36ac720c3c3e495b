package org.gan4j.nd4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * WGAN's weight clipping, {@code p = max(min(p, c), -c)}, as ND4J's in-place scalar {@code min} and {@code max}
 * compute it (a NaN becomes {@code c}, as there), on whichever copy of the parameters an optimizer's update works on.
 */
final class Clip {

    private Clip() {
    }

    /**
     * Elements per pass of a heap optimizer's update (32 KB of floats per array): the chunk's gradients, moments and
     * parameters stay in the core's cache from the copy in through the update to the copy out, where passes over the
     * whole arrays streamed them through the shared cache once per pass.
     */
    static final int CHUNK = 8192;

    /** Clamps heap floats; {@code c} is the bound rounded to float, as ND4J rounds its scalar. */
    static void clamp(float[] p, float c) {
        clamp(p, 0, p.length, c);
    }

    /** Clamps {@code p[from, to)}. */
    static void clamp(float[] p, int from, int to, float c) {
        float lo = -c;
        for (int i = from; i < to; i++) {
            float x = p[i];
            x = x < c ? x : c;
            p[i] = x > lo ? x : lo;
        }
    }

    /** Clamps heap doubles. */
    static void clamp(double[] p, double c) {
        clamp(p, 0, p.length, c);
    }

    /** Clamps {@code p[from, to)}. */
    static void clamp(double[] p, int from, int to, double c) {
        double lo = -c;
        for (int i = from; i < to; i++) {
            double x = p[i];
            x = x < c ? x : c;
            p[i] = x > lo ? x : lo;
        }
    }

    /** Clamps an ND4J array in place, with ND4J's ops (any backend). */
    static void clamp(INDArray p, double c) {
        Transforms.min(p, c, false);
        Transforms.max(p, -c, false);
    }

    /** The bound, checked: positive and finite, or 0 for none. */
    static double bound(double bound) {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("the parameters' clipping bound must be positive and finite (0 for "
                    + "none), got " + bound);
        }
        return bound;
    }
}
