package org.gan4j.nd4j.loss;

/** LSGAN (Mao et al. 2017, a = 0, b = c = 1): {@code lossD = (mean (r-1)^2 + mean f^2) / 2}, {@code lossG = mean (f-1)^2 / 2}. */
final class LeastSquaresLoss extends HeapLoss {

    @Override
    public String name() {
        return "lsgan";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    double discriminator(double[] r, int nr, double[] f, int nf, double[] gr, double[] gf) {
        double lr = 0;
        for (int i = 0; i < nr; i++) {
            double d = r[i] - 1;
            lr += d * d;
            gr[i] = d / nr;
        }
        double lf = 0;
        for (int j = 0; j < nf; j++) {
            lf += f[j] * f[j];
            gf[j] = f[j] / nf;
        }
        return (lr / nr + lf / nf) / 2;
    }

    @Override
    double generator(double[] r, int nr, double[] f, int nf, double[] gf) {
        double l = 0;
        for (int j = 0; j < nf; j++) {
            double d = f[j] - 1;
            l += d * d;
            gf[j] = d / nf;
        }
        return l / nf / 2;
    }
}
