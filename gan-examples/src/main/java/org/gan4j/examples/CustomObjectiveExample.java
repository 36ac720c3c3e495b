package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Loss;
import org.gan4j.data.Dataset;
import org.gan4j.io.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An objective of your own against the public {@link Loss} interface: the least-squares GAN with the labels
 * {@code a = -1} (fake), {@code b = 1} (real) and {@code c = 0} (what G wants D to say), the variant of Mao et al.
 * 2017 ("Least Squares Generative Adversarial Networks", section 3.2) whose labels satisfy {@code b - c = 1} and
 * {@code b - a = 2}, so that minimising it minimises the Pearson chi-squared divergence. The built-in {@code lsgan}
 * objective is the other variant, {@code a = 0, b = c = 1}. On D's raw outputs {@code r} (real) and {@code f}
 * (generated), means over the batch of {@code n}:
 * <pre>
 * lossD = mean (r - b)^2 / 2 + mean (f - a)^2 / 2      dlossD/dr_i = (r_i - b) / n,  dlossD/df_i = (f_i - a) / n
 * lossG = mean (f - c)^2 / 2                            dlossG/df_i = (f_i - c) / n
 * </pre>
 * A {@link Loss} returns the value and <em>overwrites</em> the caller's gradient buffers with the derivatives with
 * respect to D's outputs; the trainer backpropagates them through the networks. lossD is a sum of a term of the real
 * outputs and one of the fake ones, so it says {@link #separable()} (then a discriminator with batch norm, which sees
 * real and fake images in separate passes, can train with it). Plug it in with {@code Gan.builder().loss(new
 * CustomObjectiveExample())}. Run: {@code java -cp ... org.gan4j.examples.CustomObjectiveExample [steps] [out.png]}.
 *
 * <p>The arithmetic is ND4J's own operations on the arrays the trainer passes (float or double, as the configured
 * {@code dataType}); a step allocates only the small temporaries of {@link INDArray#norm2Number()}.
 */
public final class CustomObjectiveExample implements Loss {

    /** The label D should give a generated image. */
    public static final double A = -1;
    /** The label D should give a real image. */
    public static final double B = 1;
    /** The label G wants D to give its images. */
    public static final double C = 0;

    /** A loss with the labels {@link #A}, {@link #B}, {@link #C}; it keeps no state. */
    public CustomObjectiveExample() {
    }

    @Override
    public String name() {
        return "lsgan(a=-1,b=1,c=0)";
    }

    @Override
    public double discriminatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradReal, INDArray gradFake) {
        long nReal = realLogits.rows();
        long nFake = fakeLogits.rows();
        // the residuals first, in the gradient buffers (no allocation); then their squares; then scale to gradients
        gradReal.assign(realLogits).subi(B);
        gradFake.assign(fakeLogits).subi(A);
        double loss = squaredSum(gradReal) / nReal / 2 + squaredSum(gradFake) / nFake / 2;
        gradReal.divi(nReal);
        gradFake.divi(nFake);
        return loss;
    }

    /** {@return true: lossD is a term of the real outputs plus a term of the generated ones} */
    @Override
    public boolean separable() {
        return true;
    }

    @Override
    public double generatorLoss(INDArray fakeLogits, INDArray gradFake) {
        long n = fakeLogits.rows();
        gradFake.assign(fakeLogits).subi(C);
        double loss = squaredSum(gradFake) / n / 2;
        gradFake.divi(n);
        return loss;
    }

    private static double squaredSum(INDArray x) {
        double norm = x.norm2Number().doubleValue();
        return norm * norm;
    }

    /**
     * Trains the reference networks with this objective.
     *
     * @param data  28x28 grey images
     * @param steps how many steps
     * @return the result
     */
    public static GanResult train(Dataset data, long steps) {
        return Gan.builder()
                .loss(new CustomObjectiveExample())
                .learningRate(2e-4).betas(0.5, 0.999)
                .maxSteps(steps)
                .train(data);
    }

    /**
     * Trains on the embedded digits and writes a grid of samples.
     *
     * @param args {@code [steps] [out.png]}
     * @throws IOException if the grid cannot be written
     */
    public static void main(String[] args) throws IOException {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 5_000;
        Path out = Path.of(args.length > 1 ? args[1] : "custom-objective-samples.png");
        Dataset data = DataSource.embedded();
        GanResult result = train(data, steps);
        ImageGrid.writePng(out, result.generator().sample(32), data.height(), data.width(), data.channels(), 8);
        System.out.println("Trained " + result.provenance().steps() + " steps with " + new CustomObjectiveExample()
                .name() + "; samples in " + out);
    }
}
