package org.gan4j;

import java.util.Objects;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Warns about the failures GAN practitioners watch for, while training goes on (the run is not stopped: both can
 * recover, and the reference GAN itself starts collapsed):
 * <ul>
 *   <li><b>the discriminator has won</b>: mean D(x) above {@value #D_WON_REAL} and mean D(G(z)) below
 *       {@value #D_WON_FAKE} for {@value #D_WON_STEPS} consecutive steps: the generator's gradients vanish;</li>
 *   <li><b>mode collapse</b>: at the end of an epoch, {@value #SAMPLES} samples from fixed noise differ from one another
 *       by a mean per-pixel standard deviation below {@value #COLLAPSED_SPREAD} (on the {@code [-1, 1]} scale; real
 *       MNIST digits: about 0.6): the generator makes nearly one image whatever the noise.</li>
 * </ul>
 * Each warning is given once, and again only after the condition has cleared. The first applies only where the
 * discriminator's output is a probability's logit ({@link Objective#outputsLogits()}, and a custom {@link Loss},
 * which works on logits): a critic's scores have no "won" threshold.
 */
public final class TrainingWarnings implements TrainingListener {

    /** D(x) above this, with D(G(z)) below {@link #D_WON_FAKE}, counts as a step the discriminator has won. */
    public static final double D_WON_REAL = 0.95;
    /** See {@link #D_WON_REAL}. */
    public static final double D_WON_FAKE = 0.05;
    /** Consecutive won steps before the warning. */
    public static final int D_WON_STEPS = 1000;
    /** Samples drawn at each epoch end to measure diversity. */
    public static final int SAMPLES = 32;
    /** Mean per-pixel standard deviation across samples below which they count as collapsed. */
    public static final double COLLAPSED_SPREAD = 0.05;

    private final Consumer<String> out;
    private long wonSteps;
    private boolean wonWarned;
    private boolean collapseWarned;
    private long noiseSeed;
    private INDArray fixedNoise;
    /** Whether mean D(x) and D(G(z)) are probabilities, so that the "discriminator won" test means something. */
    private boolean probabilities = true;

    /**
     * Warnings go to {@code out}.
     *
     * @param out receives each warning as one line, e.g. {@code System.err::println} or a logger; called on the
     *            training thread
     */
    public TrainingWarnings(Consumer<String> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onStart(TrainingPlan plan) {
        noiseSeed = plan.config().seed() + 2;
        probabilities = plan.metricNames().probabilities();
    }

    @Override
    public void onStep(StepMetrics m) {
        if (probabilities && m.meanDReal() > D_WON_REAL && m.meanDFake() < D_WON_FAKE) {
            if (++wonSteps == D_WON_STEPS && !wonWarned) {
                wonWarned = true;
                out.accept(String.format(java.util.Locale.ROOT, "warning: at step %d the discriminator has won for "
                        + "%d steps (D(x) %.3f, D(G(z)) %.3f): the generator learns little; consider a lower "
                        + "discriminator learning rate or a different loss", m.step(), D_WON_STEPS, m.meanDReal(),
                        m.meanDFake()));
            }
        } else {
            wonSteps = 0;
            wonWarned = false;
        }
    }

    /**
     * How much samples differ: the mean over pixels of the standard deviation across the samples ({@code [n, pixels]},
     * with Bessel's correction, like ND4J's {@code samples.std(0).meanNumber()}). Computed on a heap copy: ND4J's
     * column reduction costs milliseconds here, this loop a fraction of one.
     *
     * @param samples images as rows, {@code [n, pixels]} with {@code n >= 2}, on any scale
     * @return the mean per-pixel standard deviation, on the samples' scale; 0 when all rows are equal
     */
    public static double spread(INDArray samples) {
        int rows = (int) samples.rows();
        int cols = (int) samples.columns();
        float[] v = samples.reshape(samples.length()).toFloatVector();
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += v[r * cols + c];
            }
        }
        double[] squares = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = v[r * cols + c] - mean[c] / rows;
                squares[c] += d * d;
            }
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.sqrt(squares[c] / (rows - 1));
        }
        return sum / cols;
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        if (fixedNoise == null) {
            fixedNoise = generator.noise(SAMPLES, noiseSeed);
        }
        // a conditional generator: the same noise in every class, so a collapse within classes still shows
        double spread = spread(generator.gridSamples(fixedNoise, SAMPLES));
        if (spread < COLLAPSED_SPREAD) {
            if (!collapseWarned) {
                collapseWarned = true;
                out.accept(String.format(java.util.Locale.ROOT, "warning: after epoch %d the samples differ by a "
                        + "per-pixel spread of %.4f (below %.2f): mode collapse, the generator makes nearly one image",
                        summary.epoch(), spread, COLLAPSED_SPREAD));
            }
        } else {
            collapseWarned = false;
        }
    }
}
