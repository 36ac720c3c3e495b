package org.gan4j.nd4j;

import java.nio.file.Path;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.io.GeneratorFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1-nearest-neighbour classifier on pixels over real labelled digits (Euclidean distance): a classifier with no
 * training of its own, for checking a conditional generator's class fidelity until the library ships an MNIST
 * classifier. On the embedded digits, with the first 9,000 as references, it labels the other 1,000 correctly 95.9% of
 * the time (ConditionalTrainingTest checks above 90%).
 */
final class NearestDigit {

    private final INDArray references;
    private final INDArray squaredNorms;
    private final int[] labels;

    /**
     * The references {@code data[from .. from + count)}.
     *
     * @param data  labelled digits
     * @param from  the first reference
     * @param count the number of references
     */
    NearestDigit(Dataset data, int from, int count) {
        int[] order = new int[count];
        labels = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = from + i;
            labels[i] = data.label(from + i);
        }
        float[] pixels = new float[count * data.imageSize()];
        data.copyImages(order, 0, count, pixels);
        references = Nd4j.createFromArray(pixels).reshape('c', count, data.imageSize()).castTo(DataType.FLOAT);
        squaredNorms = references.mul(references).sum(1);
    }

    /** {@return the label of each row's nearest reference digit} */
    int[] classify(INDArray images) {
        INDArray x = images.castTo(DataType.FLOAT);
        // |x - r|^2 = |x|^2 - 2 x.r + |r|^2; |x|^2 is the same for every r
        INDArray scores = x.mmul(references.transpose()).muli(-2).addiRowVector(squaredNorms);
        INDArray best = Nd4j.argMin(scores, 1);
        int[] out = new int[(int) x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[best.getInt(i)];
        }
        return out;
    }

    /**
     * The share of {@code sample(n, c)} classified as {@code c}, per class.
     *
     * @param g a conditional generator of digits
     * @param n samples per class
     * @return one fraction per class
     */
    double[] fidelity(TrainedGenerator g, int n) {
        double[] f = new double[g.classes()];
        for (int c = 0; c < f.length; c++) {
            int hits = 0;
            for (int v : classify(g.sample(n, c))) {
                hits += v == c ? 1 : 0;
            }
            f[c] = hits / (double) n;
        }
        return f;
    }

    /** Prints the class fidelity of generator files: {@code MNIST_DIR FILE...}. Not a test. */
    public static void main(String[] args) throws Exception {
        Dataset digits = Mnist.load(Path.of(args[0]));
        NearestDigit nd = new NearestDigit(digits, 0, 9000);
        for (int i = 1; i < args.length; i++) {
            double[] f = nd.fidelity(GeneratorFile.load(Path.of(args[i]), 0), 1000);
            System.out.println(args[i] + " " + java.util.Arrays.toString(f) + " mean "
                    + java.util.Arrays.stream(f).average().orElse(0));
        }
    }
}
