package org.gan4j.nd4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy of class logits against integer labels, the mean over the batch (PyTorch's
 * {@code F.cross_entropy(logits, labels)}): {@code loss = mean_i (logsumexp(z_i) - z_i[y_i])}, with the gradient
 * {@code (softmax(z_i) - onehot(y_i)) / n}. The log-sum-exp subtracts each row's maximum first, so large logits give
 * large finite losses, never {@code exp} overflow. Computed in double on the host: a classifier's logits are a few
 * values per image, nothing next to its convolutions. {@code exp} and {@code log} are {@link StrictMath}'s, whose
 * results are specified to the bit on every JVM and CPU ({@link Math}'s may differ by an ulp between
 * implementations): a retrained feature network must come out bit-identical.
 */
public final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * The mean loss over a batch, and its gradient.
     *
     * @param logits {@code [n, classes]}, FLOAT or DOUBLE
     * @param labels at least {@code n} labels; row {@code i}'s is {@code labels[from + i]}, in {@code [0, classes)}
     * @param from   the position in {@code labels} of row 0's label
     * @param grad   receives {@code d loss / d logits}, {@code [n, classes]}; {@code null} for the loss alone
     * @return the mean cross-entropy, in nats
     * @throws IllegalArgumentException if a label is out of range, there are too few labels, or {@code grad} has
     *                                  another shape than {@code logits}
     */
    public static double loss(INDArray logits, int[] labels, int from, INDArray grad) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("logits must be [n, classes], got " + java.util.Arrays.toString(
                    logits.shape()));
        }
        int n = (int) logits.rows();
        int k = (int) logits.columns();
        if (labels.length - from < n) {
            throw new IllegalArgumentException(n + " rows of logits but only " + (labels.length - from) + " labels");
        }
        if (grad != null && !java.util.Arrays.equals(grad.shape(), logits.shape())) {
            throw new IllegalArgumentException("grad must be " + java.util.Arrays.toString(logits.shape()) + ", got "
                    + java.util.Arrays.toString(grad.shape()));
        }
        double[][] z = logits.toDoubleMatrix();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int y = labels[from + i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("label " + y + " of row " + i + " is outside [0, " + (k - 1)
                        + "]");
            }
            double[] row = z[i];
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += StrictMath.exp(row[j] - max);
            }
            double logSum = max + StrictMath.log(sum);
            total += logSum - row[y];
            if (grad != null) {
                for (int j = 0; j < k; j++) {
                    row[j] = (StrictMath.exp(row[j] - logSum) - (j == y ? 1 : 0)) / n;
                }
            }
        }
        if (grad != null) {
            grad.assign(Nd4j.createFromArray(z).castTo(grad.dataType()));
        }
        return total / n;
    }

    /**
     * The softmax of each row, computed stably in double.
     *
     * @param logits {@code [n, classes]}
     * @return a new {@code [n, classes]} DOUBLE array, each row summing to 1
     */
    public static INDArray softmax(INDArray logits) {
        double[][] z = logits.toDoubleMatrix();
        for (double[] row : z) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                row[j] = StrictMath.exp(row[j] - max);
                sum += row[j];
            }
            for (int j = 0; j < row.length; j++) {
                row[j] /= sum;
            }
        }
        return Nd4j.createFromArray(z);
    }
}
