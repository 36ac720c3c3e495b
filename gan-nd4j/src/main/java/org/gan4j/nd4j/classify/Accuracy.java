package org.gan4j.nd4j.classify;

import org.gan4j.data.LabelledImages;
import org.gan4j.nd4j.layers.Sequential;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Measures a classifier's accuracy in eval mode, {@value #BATCH} images per forward pass. */
final class Accuracy {

    /** Images per forward pass. */
    static final int BATCH = 500;

    private final Sequential net;

    Accuracy(Sequential net) {
        this.net = net;
    }

    /**
     * The result of {@link #measure}.
     *
     * @param correct images whose largest logit is their label's
     * @param total   images measured
     */
    record Result(int correct, int total) {
        double accuracy() {
            return (double) correct / total;
        }
    }

    Result measure(LabelledImages data) {
        INDArray images = data.images();
        int n = data.size();
        int correct = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray x = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.FLOAT)
                    .dup('c');
            INDArray logits = net.forward(x, false);
            float[][] z = logits.toFloatMatrix();
            for (int i = 0; i < z.length; i++) {
                if (argmax(z[i]) == data.label(from + i)) {
                    correct++;
                }
            }
        }
        return new Result(correct, n);
    }

    /** The first index of the largest value. */
    static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }
}
