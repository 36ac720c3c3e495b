package org.gan4j.nd4j.eval;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a classifier says about a set of generated images, from its class probabilities {@code p(y|x)}:
 * <ul>
 *   <li>{@code score = exp( E_x KL(p(y|x) || p(y)) )} with {@code p(y) = E_x p(y|x)}: the Inception Score of
 *   Salimans et al. (2016), "Improved Techniques for Training GANs", computed with the dataset's own classifier
 *   instead of Inception and over all samples as one split (no mean over 10 splits). It lies in
 *   {@code [1, classes]}: high when every sample is classified confidently (quality) and the classes are used
 *   evenly (diversity); <b>higher is better</b>, and real data scores near {@code classes} for an accurate
 *   classifier.</li>
 *   <li>{@code histogram}: how many samples the classifier assigns (argmax, ties to the lower class) to each
 *   class.</li>
 *   <li>{@code normalisedEntropy}: the entropy of that histogram divided by {@code log(classes)}: 1 when every class
 *   is equally frequent, 0 when all samples fall in one class (mode collapse); higher is better for a dataset with
 *   balanced classes.</li>
 *   <li>{@code meanConfidence}: the mean over samples of {@code max_y p(y|x)}: how sure the classifier is that a
 *   sample is some digit (or garment); higher is better, real data is near the classifier's accuracy.</li>
 * </ul>
 * Terms {@code 0 log 0} count as 0. All sums are in double precision.
 *
 * @param score             the Inception-Score analogue, in {@code [1, classes]}
 * @param histogram         samples per predicted class, {@code [classes]} (the accessor returns a copy)
 * @param normalisedEntropy entropy of the histogram over {@code log(classes)}, in {@code [0, 1]}
 * @param meanConfidence    the mean of the largest probability per sample, in {@code [1 / classes, 1]}
 */
public record ClassifierScore(double score, long[] histogram, double normalisedEntropy, double meanConfidence) {

    /**
     * How far a row of probabilities may sum from 1 ({@value}): enough for FLOAT softmax outputs cast to DOUBLE,
     * tight enough to refuse logits or unnormalised scores.
     */
    public static final double ROW_SUM_TOLERANCE = 1e-4;

    /**
     * Copies the histogram.
     *
     * @param score             see the record
     * @param histogram         see the record
     * @param normalisedEntropy see the record
     * @param meanConfidence    see the record
     */
    public ClassifierScore {
        histogram = histogram.clone();
    }

    /**
     * Class fidelity: for each class {@code c}, the share of the rows labelled {@code c} whose most probable class
     * (the first of equals) is {@code c}; NaN for a class no row is labelled with.
     *
     * @param probabilities DOUBLE {@code [n, classes]}, rows of class probabilities
     * @param labels        the class each row was drawn for, {@code n} of them in {@code [0, classes)}
     * @param classes       the number of classes, the columns of {@code probabilities}
     * @return one share per class, in class order
     * @throws IllegalArgumentException if the shapes do not agree
     */
    public static java.util.List<Double> fidelity(INDArray probabilities, int[] labels, int classes) {
        INDArray p = Matrices.requireMatrix("probabilities", probabilities, 1);
        if (p.columns() != classes || p.rows() != labels.length) {
            throw new IllegalArgumentException("probabilities " + java.util.Arrays.toString(p.shape()) + " must be ["
                    + labels.length + " labels, " + classes + " classes]");
        }
        DoubleBuffer host = Matrices.host(p);
        double[] row = new double[classes];
        long[] drawn = new long[classes];
        long[] right = new long[classes];
        for (int i = 0; i < labels.length; i++) {
            host.get(i * classes, row, 0, classes);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            drawn[labels[i]]++;
            if (best == labels[i]) {
                right[labels[i]]++;
            }
        }
        java.util.List<Double> shares = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            shares.add(drawn[c] == 0 ? Double.NaN : (double) right[c] / drawn[c]);
        }
        return shares;
    }

    /**
     * The scores of a set of class probabilities.
     *
     * @param probabilities DOUBLE {@code [n, classes]}, one row per sample, {@code classes >= 2}, entries finite and
     *                      non-negative, each row summing to 1 within {@link #ROW_SUM_TOLERANCE}
     * @return score, histogram, normalised entropy and mean confidence
     * @throws IllegalArgumentException if {@code probabilities} is not as described
     */
    public static ClassifierScore of(INDArray probabilities) {
        INDArray p = Matrices.requireMatrix("probabilities", probabilities, 1);
        int n = (int) p.rows();
        int classes = (int) p.columns();
        if (classes < 2) {
            throw new IllegalArgumentException("probabilities must have at least 2 columns (classes), got "
                    + classes);
        }
        DoubleBuffer host = Matrices.host(p);
        double[] row = new double[classes];
        double[] marginal = new double[classes];
        long[] histogram = new long[classes];
        double confidence = 0;
        for (int i = 0; i < n; i++) {
            host.get(i * classes, row, 0, classes);
            double sum = 0;
            int best = 0;
            for (int c = 0; c < classes; c++) {
                if (row[c] < 0) {
                    throw new IllegalArgumentException("probabilities must be non-negative, got " + row[c]
                            + " at [row " + i + ", column " + c + "]");
                }
                sum += row[c];
                marginal[c] += row[c];
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probabilities rows must sum to 1 (within " + ROW_SUM_TOLERANCE
                        + "), row " + i + " sums to " + sum);
            }
            histogram[best]++;
            confidence += row[best];
        }
        for (int c = 0; c < classes; c++) {
            marginal[c] /= n;
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            host.get(i * classes, row, 0, classes);
            for (int c = 0; c < classes; c++) {
                if (row[c] > 0) {
                    kl += row[c] * (Math.log(row[c]) - Math.log(marginal[c]));
                }
            }
        }
        double entropy = 0;
        for (long h : histogram) {
            if (h > 0) {
                double q = (double) h / n;
                entropy -= q * Math.log(q);
            }
        }
        return new ClassifierScore(Math.exp(kl / n), histogram, entropy / Math.log(classes), confidence / n);
    }

    /**
     * Samples per predicted class.
     *
     * @return a copy, {@code [classes]}
     */
    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    /**
     * Equal when every component is, the histogram by its contents.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClassifierScore other && Double.compare(score, other.score) == 0
                && Arrays.equals(histogram, other.histogram)
                && Double.compare(normalisedEntropy, other.normalisedEntropy) == 0
                && Double.compare(meanConfidence, other.meanConfidence) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Double.hashCode(score) + Arrays.hashCode(histogram))
                + Double.hashCode(normalisedEntropy)) + Double.hashCode(meanConfidence);
    }

    @Override
    public String toString() {
        return "ClassifierScore[score=" + score + ", histogram=" + Arrays.toString(histogram) + ", normalisedEntropy="
                + normalisedEntropy + ", meanConfidence=" + meanConfidence + "]";
    }
}
