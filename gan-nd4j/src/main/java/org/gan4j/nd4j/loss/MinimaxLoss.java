package org.gan4j.nd4j.loss;

/**
 * Goodfellow et al.'s original objective: lossD as the non-saturating one, but the generator minimises
 * {@code mean log(1 - sigmoid(f)) = -mean softplus(f)}, whose gradient vanishes where D rejects the samples.
 */
final class MinimaxLoss extends HeapLoss {

    @Override
    public String name() {
        return "minimax";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    double discriminator(double[] r, int nr, double[] f, int nf, double[] gr, double[] gf) {
        double lr = 0;
        for (int i = 0; i < nr; i++) {
            lr += softplus(-r[i]);
            gr[i] = -sigmoid(-r[i]) / (2.0 * nr);
        }
        double lf = 0;
        for (int j = 0; j < nf; j++) {
            lf += softplus(f[j]);
            gf[j] = sigmoid(f[j]) / (2.0 * nf);
        }
        return (lr / nr + lf / nf) / 2;
    }

    @Override
    double generator(double[] r, int nr, double[] f, int nf, double[] gf) {
        double l = 0;
        for (int j = 0; j < nf; j++) {
            l -= softplus(f[j]);
            gf[j] = -sigmoid(f[j]) / nf;
        }
        return l / nf;
    }
}
