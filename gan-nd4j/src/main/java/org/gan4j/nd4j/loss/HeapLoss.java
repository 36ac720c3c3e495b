package org.gan4j.nd4j.loss;

import org.gan4j.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Loss} computed in double precision on heap copies of the discriminator's outputs: subclasses write the
 * maths on plain arrays. The outputs are {@code [batch, 1]}, so the copies cost little next to a step; the arrays
 * are reused from step to step.
 */
abstract class HeapLoss implements Loss {

    private double[] real = new double[0];
    private double[] fake = new double[0];
    private double[] gradReal = new double[0];
    private double[] gradFake = new double[0];

    /**
     * lossD and its gradients.
     *
     * @param r  D's outputs on real images, {@code nr} of them
     * @param f  D's outputs on generated images, {@code nf} of them
     * @param gr receives d lossD / d r
     * @param gf receives d lossD / d f
     * @return lossD
     */
    abstract double discriminator(double[] r, int nr, double[] f, int nf, double[] gr, double[] gf);

    /**
     * lossG and its gradient with respect to the generated images' outputs.
     *
     * @param r  D's outputs on real images (only when {@link #generatorNeedsRealOutputs()}; else empty), {@code nr}
     * @param f  D's outputs on generated images, {@code nf}
     * @param gf receives d lossG / d f
     * @return lossG
     */
    abstract double generator(double[] r, int nr, double[] f, int nf, double[] gf);

    @Override
    public final double discriminatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradRealOut,
                                          INDArray gradFakeOut) {
        int nr = read(realLogits, true);
        int nf = read(fakeLogits, false);
        double loss = discriminator(real, nr, fake, nf, grow(gradReal, nr, true), grow(gradFake, nf, false));
        write(gradReal, nr, gradRealOut);
        write(gradFake, nf, gradFakeOut);
        return loss;
    }

    @Override
    public final double generatorLoss(INDArray fakeLogits, INDArray gradFakeOut) {
        if (generatorNeedsRealOutputs()) {
            throw new IllegalStateException(name() + "'s generator loss needs D's outputs on real images too");
        }
        return generatorLoss(null, fakeLogits, gradFakeOut);
    }

    @Override
    public final double generatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradFakeOut) {
        int nr = realLogits == null ? 0 : read(realLogits, true);
        int nf = read(fakeLogits, false);
        double loss = generator(real, nr, fake, nf, grow(gradFake, nf, false));
        write(gradFake, nf, gradFakeOut);
        return loss;
    }

    private int read(INDArray a, boolean isReal) {
        int n = Math.toIntExact(a.length());
        double[] dst = isReal ? (real = ensure(real, n)) : (fake = ensure(fake, n));
        for (int i = 0; i < n; i++) {
            dst[i] = a.getDouble(i);
        }
        return n;
    }

    private double[] grow(double[] current, int n, boolean isReal) {
        double[] g = ensure(current, n);
        if (isReal) {
            gradReal = g;
        } else {
            gradFake = g;
        }
        return g;
    }

    private static double[] ensure(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }

    private static void write(double[] src, int n, INDArray dst) {
        for (int i = 0; i < n; i++) {
            dst.putScalar(i, src[i]);
        }
    }

    /** {@return {@code log(1 + exp(t))} without overflow} */
    static double softplus(double t) {
        return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    }

    /** {@return {@code 1 / (1 + exp(-t))} without overflow} */
    static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    static double mean(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i];
        }
        return s / n;
    }
}
