package org.gan4j.nd4j.loss;

/** The hinge objective: {@code lossD = mean relu(1 - r) + mean relu(1 + f)}, {@code lossG = -mean f}. */
final class HingeLoss extends HeapLoss {

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    double discriminator(double[] r, int nr, double[] f, int nf, double[] gr, double[] gf) {
        double lr = 0;
        for (int i = 0; i < nr; i++) {
            double m = 1 - r[i];
            lr += Math.max(m, 0);
            gr[i] = m > 0 ? -1.0 / nr : 0;
        }
        double lf = 0;
        for (int j = 0; j < nf; j++) {
            double m = 1 + f[j];
            lf += Math.max(m, 0);
            gf[j] = m > 0 ? 1.0 / nf : 0;
        }
        return lr / nr + lf / nf;
    }

    @Override
    double generator(double[] r, int nr, double[] f, int nf, double[] gf) {
        java.util.Arrays.fill(gf, 0, nf, -1.0 / nf);
        return -mean(f, nf);
    }
}
