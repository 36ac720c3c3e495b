package org.gan4j.nd4j;

import java.nio.file.Path;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Recipes;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.io.GeneratorFile;

/** Not a test: the cgan fidelity runs of docs/fidelity.md (mean losses per 1,000 steps), run by hand. */
public final class CganFidelityRun {
    public static void main(String[] args) throws Exception {
        Dataset digits = Mnist.load(Path.of(args[0]));
        long seed = Long.parseLong(args[1]);
        int steps = Integer.parseInt(args[2]);
        double[] sums = new double[2];
        GanResult r = Gan.trainer().train(Recipes.cgan().seed(seed).maxSteps(steps).listener(new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                sums[0] += m.lossD();
                sums[1] += m.lossG();
                if (m.step() % 1000 == 0) {
                    System.out.printf("{\"impl\": \"gan4j\", \"seed\": %d, \"step\": %d, \"mean_lossD\": %.4f, "
                            + "\"mean_lossG\": %.4f}%n", seed, m.step(), sums[0] / 1000, sums[1] / 1000);
                    sums[0] = sums[1] = 0;
                }
            }
        }).build(), digits);
        if (args.length > 3) {
            GeneratorFile.save(Path.of(args[3]), r.generator());
        }
    }
}
