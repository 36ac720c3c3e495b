package org.gan4j.nd4j.kernels;

/**
 * {@code tanh} for floats as a clamped rational function (the approximation Eigen and TensorFlow use for float32):
 * about ten times faster than {@code (float) Math.tanh(x)} and within a few float ulps of it. The generator's output
 * layer applies it to every pixel of every sample.
 */
final class FastTanh {

    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FastTanh() {
    }

    static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = x * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
        float q = B0 + x2 * (B2 + x2 * (B4 + x2 * B6));
        return p / q;
    }
}
