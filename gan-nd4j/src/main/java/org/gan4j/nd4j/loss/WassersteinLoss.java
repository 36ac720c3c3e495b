package org.gan4j.nd4j.loss;

/**
 * The Wasserstein critic's losses: {@code lossD = mean f - mean r} (minus the estimate of the Wasserstein-1
 * distance the critic maximises), {@code lossG = -mean f}. Weight clipping is the step's job, not the loss's.
 */
final class WassersteinLoss extends HeapLoss {

    @Override
    public String name() {
        return "wgan";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    double discriminator(double[] r, int nr, double[] f, int nf, double[] gr, double[] gf) {
        java.util.Arrays.fill(gr, 0, nr, -1.0 / nr);
        java.util.Arrays.fill(gf, 0, nf, 1.0 / nf);
        return mean(f, nf) - mean(r, nr);
    }

    @Override
    double generator(double[] r, int nr, double[] f, int nf, double[] gf) {
        java.util.Arrays.fill(gf, 0, nf, -1.0 / nf);
        return -mean(f, nf);
    }
}
