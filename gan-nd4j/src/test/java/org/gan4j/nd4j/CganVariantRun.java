package org.gan4j.nd4j;

import java.nio.file.Path;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Recipes;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;

/** Not a test: class fidelity of cgan variants after a few thousand steps (args: STEPS LR ZDIM SEED [GRID_PNG]). */
public final class CganVariantRun {
    public static void main(String[] args) throws Exception {
        Dataset digits = Mnist.load(Path.of("data/mnist"));
        int steps = Integer.parseInt(args[0]);
        double lr = Double.parseDouble(args[1]);
        int z = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        GanConfig.Builder b = Recipes.cgan().zDim(z).learningRate(lr).seed(seed).maxSteps(steps);
        long t0 = System.nanoTime();
        GanResult r = Gan.trainer().train(b.build(), digits);
        NearestDigit nd = new NearestDigit(digits, 0, 9000);
        double[] f = nd.fidelity(r.generator(), 200);
        System.out.printf("steps %d lr %s z %d seed %d: %s mean %.3f (%.0f s)%n", steps, lr, z, seed,
                java.util.Arrays.toString(f), java.util.Arrays.stream(f).average().orElse(0),
                (System.nanoTime() - t0) / 1e9);
        if (args.length > 4) { // a class-by-sample grid: 8 noise vectors, a row per class
            org.gan4j.TrainedGenerator g = r.generator();
            org.gan4j.io.LabelledGrid.writePng(Path.of(args[4]), g.gridSamples(g.noise(8, 7), 8), 28, 28, 1, 8,
                    g.classNames());
        }
    }
}
