package org.gan4j.nd4j;

import java.nio.file.Path;
import org.gan4j.GanConfig;
import org.gan4j.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stops a run that has gone bad before it burns more time or overwrites a good checkpoint: a non-finite loss stops
 * training at once, naming the step and the first tensor that went bad; parameters are checked before every
 * checkpoint, so a checkpoint never holds NaN.
 */
final class HealthGuard {

    private HealthGuard() {
    }

    /** Thrown when training diverges; the message says where, and which checkpoint is the last good one. */
    static final class DivergedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DivergedException(String message) {
            super(message);
        }
    }

    /** The error for a step whose loss is not finite (the caller checks: this runs once, not every step). */
    static DivergedException diverged(long step, int epoch, double lossD, double lossG, Network g, Network d,
                                      GanConfig config, Path lastGood) {
        return new DivergedException("training diverged at step " + step + " (epoch " + epoch + "): lossD=" + lossD
                + ", lossG=" + lossG + "; " + firstBad(g, d) + "; try a smaller learning rate (now "
                + config.learningRate() + ")" + lastGood(lastGood));
    }

    static void checkParameters(long step, Network g, Network d, java.util.function.Supplier<Path> lastGood) {
        if (finite(g.parameters()) && finite(d.parameters())) {
            return;
        }
        throw new DivergedException("training diverged by step " + step + ": " + firstBad(g, d)
                + "; no checkpoint written" + lastGood(lastGood.get()));
    }

    private static String lastGood(Path checkpoint) {
        return checkpoint == null ? "" : "; the last good checkpoint is " + checkpoint;
    }

    /** Names the first tensor with a non-finite value (scanned only once something went wrong). */
    static String firstBad(Network g, Network d) {
        Object[][] tensors = {{"generator parameters", g.parameters()}, {"discriminator parameters", d.parameters()},
                {"generator gradients", g.gradients()}, {"discriminator gradients", d.gradients()}};
        for (Object[] t : tensors) {
            long index = firstNonFinite((INDArray) t[1]);
            if (index >= 0) {
                return "first non-finite tensor: " + t[0] + " (element " + index + ")";
            }
        }
        return "parameters and gradients are still finite (the loss overflowed)";
    }

    private static boolean finite(INDArray a) {
        return firstNonFinite(a) < 0;
    }

    private static long firstNonFinite(INDArray a) {
        double[] v = a.reshape(a.length()).toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }
}
