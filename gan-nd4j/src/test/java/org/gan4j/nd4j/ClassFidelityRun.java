package org.gan4j.nd4j;

import java.nio.file.Path;
import java.util.Locale;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Recipes;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.eval.FeatureExtractor;
import org.gan4j.eval.FeatureNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Not a test: the per-class fidelity of a conditional recipe's run on the embedded digits (data/mnist, the 10,000
 * test digits), measured by the shipped MNIST classifier ({@link FeatureNetwork#mnist()}): the share of
 * {@code sample(1000, c)} it labels {@code c}, for each class. Args: {@code DATA_DIR RECIPE SEED [STEPS|default]
 * [LR] [GRID_PNG]}; without STEPS (or with {@code default}) the recipe's own length (cgan: 400 epochs, 62,800 steps).
 */
public final class ClassFidelityRun {

    /** Samples per class, the protocol. */
    static final int PER_CLASS = 1000;

    public static void main(String[] args) throws Exception {
        Dataset digits = Mnist.load(Path.of(args[0]));
        String recipe = args[1];
        long seed = Long.parseLong(args[2]);
        GanConfig.Builder b = Recipes.named(recipe).builder().seed(seed);
        if (args.length > 3 && !args[3].equals("default")) {
            b.maxSteps(Long.parseLong(args[3]));
        }
        if (args.length > 4 && !args[4].equals("default")) {
            b.learningRate(Double.parseDouble(args[4]));
        }
        long t0 = System.nanoTime();
        GanResult r = Gan.trainer().train(b.build(), digits);
        double seconds = (System.nanoTime() - t0) / 1e9;
        TrainedGenerator g = r.generator();
        double[] f = fidelity(g, new Nd4jEngine().featureExtractor(FeatureNetwork.mnist()));
        StringBuilder row = new StringBuilder();
        double sum = 0;
        for (double v : f) {
            row.append(String.format(Locale.ROOT, " %.3f", v));
            sum += v;
        }
        System.out.printf(Locale.ROOT, "recipe %s seed %d steps %d (%.0f s): per class%s mean %.3f min %.3f%n",
                recipe, seed, r.provenance().steps(), seconds, row, sum / f.length,
                java.util.Arrays.stream(f).min().orElse(0));
        if (args.length > 5) { // a class-by-sample grid: 8 noise vectors, a row per class
            org.gan4j.io.LabelledGrid.writePng(Path.of(args[5]), g.gridSamples(g.noise(8, 7), 8), 28, 28, 1, 8,
                    g.classNames());
        }
    }

    /**
     * For each class {@code c}, the share of {@value #PER_CLASS} samples of class {@code c} that the classifier's
     * most probable class is {@code c}.
     *
     * @param g          a conditional generator of 28x28 digits
     * @param classifier the MNIST classifier
     * @return one share per class
     */
    static double[] fidelity(TrainedGenerator g, FeatureExtractor classifier) {
        double[] f = new double[g.classes()];
        for (int c = 0; c < g.classes(); c++) {
            INDArray p = classifier.probabilities(g.sample(PER_CLASS, c));
            int right = 0;
            for (long i = 0; i < p.rows(); i++) {
                right += p.getRow(i).argMax().getInt(0) == c ? 1 : 0;
            }
            f[c] = right / (double) PER_CLASS;
        }
        return f;
    }
}
