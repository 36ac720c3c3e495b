package org.gan4j.nd4j.loss;

/**
 * Relativistic average cross-entropy (Jolicoeur-Martineau 2018, RaSGAN), halved like the reference's lossD:
 * {@code lossD = (mean softplus(-(r - mean f)) + mean softplus(f - mean r)) / 2} and
 * {@code lossG = (mean softplus(-(f - mean r)) + mean softplus(r - mean f)) / 2}. Not separable (every output is
 * compared with the other batch's mean), and the generator's loss needs D's outputs on real images.
 */
final class RelativisticAverageLoss extends HeapLoss {

    /** Receives the generator loss's gradient with respect to the real outputs, which nobody uses. */
    private double[] unusedGradReal = new double[0];

    @Override
    public String name() {
        return "ragan";
    }

    @Override
    public boolean generatorNeedsRealOutputs() {
        return true;
    }

    @Override
    double discriminator(double[] r, int nr, double[] f, int nf, double[] gr, double[] gf) {
        return relativistic(r, nr, f, nf, gr, gf);
    }

    @Override
    double generator(double[] r, int nr, double[] f, int nf, double[] gf) {
        // the same form with the roles swapped: generated images should look "more real than the real ones"
        if (unusedGradReal.length < nr) {
            unusedGradReal = new double[nr];
        }
        return relativistic(f, nf, r, nr, gf, unusedGradReal);
    }

    /**
     * {@code (mean softplus(-(a - mean b)) + mean softplus(b - mean a)) / 2} and its gradients in {@code a} and
     * {@code b}.
     */
    private static double relativistic(double[] a, int na, double[] b, int nb, double[] ga, double[] gb) {
        double ma = mean(a, na);
        double mb = mean(b, nb);
        double first = 0;
        double sumFirst = 0;   // sum of sigmoid(-(a_i - mb)): how the first term moves with mean b
        for (int i = 0; i < na; i++) {
            double t = a[i] - mb;
            first += softplus(-t);
            double s = sigmoid(-t);
            sumFirst += s;
            ga[i] = -s / na;
        }
        double second = 0;
        double sumSecond = 0;  // sum of sigmoid(b_j - ma): how the second term moves with mean a
        for (int j = 0; j < nb; j++) {
            double t = b[j] - ma;
            second += softplus(t);
            double s = sigmoid(t);
            sumSecond += s;
            gb[j] = s / nb;
        }
        for (int i = 0; i < na; i++) {
            ga[i] = (ga[i] - sumSecond / nb / na) / 2;
        }
        for (int j = 0; j < nb; j++) {
            gb[j] = (gb[j] + sumFirst / na / nb) / 2;
        }
        return (first / na + second / nb) / 2;
    }
}
