package org.gan4j.eval;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Evaluation} measured on one set of generated images, with the sample counts every figure depends
 * on (FID and KID are biased at small sample counts: figures from different counts are not comparable).
 * docs/evaluation.md gives each metric's formula, its reference and a calibration table to read it against.
 *
 * @param featureNetwork          the name of the feature network the features came from, e.g. {@code mnist-cnn}
 * @param samples                 the number of generated images measured
 * @param references              the number of reference (real) images they were compared with
 * @param fid                     Fréchet distance of the feature Gaussians; lower is better, 0 for identical sets
 * @param kid                     kernel distance (unbiased MMD² with the cubic kernel), mean over subsets; lower is
 *                                better, about 0 for sets from one distribution
 * @param kidStd                  its standard deviation over the subsets
 * @param classifierScore         the Inception-Score analogue on the feature network's classes: from 1 (every sample
 *                                the same class, or no confident sample) to the number of classes (confident and
 *                                balanced); higher is better
 * @param classEntropy            entropy of the predicted-class histogram over {@code log(classes)}: 1 when every
 *                                class is predicted equally often, 0 when one class is; a diversity figure
 * @param meanConfidence          mean of the highest class probability per sample; a quality figure
 * @param classHistogram          how many samples the feature network puts in each class, in class order
 * @param precision               fraction of samples inside the real images' k-nearest-neighbour balls (k = 3): how
 *                                many samples look real; higher is better
 * @param recall                  fraction of real images inside the samples' balls: how much of the real variety
 *                                the generator covers; higher is better
 * @param density                 how many real balls hold each sample, over k (k = 5), on average: about 1 for real
 *                                images, above 1 for samples crowding dense regions
 * @param coverage                fraction of real images whose ball holds at least one sample; higher is better
 * @param nearestTrainingMedian   median pixel distance from a sample to its nearest training image
 * @param nearestTrainingBaseline the same median from a training image to its nearest other training image: a
 *                                {@code nearestTrainingMedian} far below it means the generator copies its data
 * @param time                    how long the evaluation took (features and every metric)
 * @param classFidelity           for a conditional generator whose classes are the feature network's: per class
 *                                {@code c}, the share of the samples drawn for {@code c} that the feature network
 *                                labels {@code c} (higher is better: the generator draws what it is asked for);
 *                                empty otherwise
 */
public record EvaluationResult(String featureNetwork, int samples, int references, double fid, double kid,
                               double kidStd, double classifierScore, double classEntropy, double meanConfidence,
                               List<Integer> classHistogram, double precision, double recall, double density,
                               double coverage, double nearestTrainingMedian, double nearestTrainingBaseline,
                               Duration time, List<Double> classFidelity) {

    /**
     * Checks the fields and copies the histogram.
     *
     * @param featureNetwork see the record
     * @param samples see the record
     * @param references see the record
     * @param fid see the record
     * @param kid see the record
     * @param kidStd see the record
     * @param classifierScore see the record
     * @param classEntropy see the record
     * @param meanConfidence see the record
     * @param classHistogram see the record
     * @param precision see the record
     * @param recall see the record
     * @param density see the record
     * @param coverage see the record
     * @param nearestTrainingMedian see the record
     * @param nearestTrainingBaseline see the record
     * @param time see the record
     * @param classFidelity see the record
     *
     * @throws NullPointerException     if a reference field is null
     * @throws IllegalArgumentException if a count is not positive
     */
    public EvaluationResult {
        Objects.requireNonNull(featureNetwork, "featureNetwork");
        Objects.requireNonNull(time, "time");
        classHistogram = ImmutableList.copyOf(classHistogram);
        classFidelity = ImmutableList.copyOf(classFidelity);
        if (samples <= 0 || references <= 0) {
            throw new IllegalArgumentException("samples and references must be positive, got " + samples + " and "
                    + references);
        }
    }

    /**
     * A result without class fidelity (an unconditional generator, or classes that are not the feature network's).
     *
     * @param featureNetwork see the record
     * @param samples see the record
     * @param references see the record
     * @param fid see the record
     * @param kid see the record
     * @param kidStd see the record
     * @param classifierScore see the record
     * @param classEntropy see the record
     * @param meanConfidence see the record
     * @param classHistogram see the record
     * @param precision see the record
     * @param recall see the record
     * @param density see the record
     * @param coverage see the record
     * @param nearestTrainingMedian see the record
     * @param nearestTrainingBaseline see the record
     * @param time see the record
     */
    public EvaluationResult(String featureNetwork, int samples, int references, double fid, double kid,
                            double kidStd, double classifierScore, double classEntropy, double meanConfidence,
                            List<Integer> classHistogram, double precision, double recall, double density,
                            double coverage, double nearestTrainingMedian, double nearestTrainingBaseline,
                            Duration time) {
        this(featureNetwork, samples, references, fid, kid, kidStd, classifierScore, classEntropy, meanConfidence,
                classHistogram, precision, recall, density, coverage, nearestTrainingMedian, nearestTrainingBaseline,
                time, List.of());
    }

    /**
     * The same result with per-class fidelity.
     *
     * @param fidelity see {@link #classFidelity()}
     * @return a copy holding {@code fidelity}
     */
    public EvaluationResult withClassFidelity(List<Double> fidelity) {
        return new EvaluationResult(featureNetwork, samples, references, fid, kid, kidStd, classifierScore,
                classEntropy, meanConfidence, classHistogram, precision, recall, density, coverage,
                nearestTrainingMedian, nearestTrainingBaseline, time, fidelity);
    }

    /**
     * The names of {@link #scalars()}, in order: the column names of {@code evaluation.csv}, the TensorBoard tags
     * ({@code eval/<name>}) and the JSON keys.
     */
    public static final List<String> SCALAR_NAMES = List.of("fid", "kid", "kidStd", "classifierScore",
            "classEntropy", "confidence", "precision", "recall", "density", "coverage", "nearestTraining",
            "nearestTrainingBaseline");

    /**
     * The scalar figures under the names of {@link #SCALAR_NAMES}, in that order.
     *
     * @return name to value, insertion-ordered
     */
    public Map<String, Double> scalars() {
        double[] values = {fid, kid, kidStd, classifierScore, classEntropy, meanConfidence, precision, recall,
            density, coverage, nearestTrainingMedian, nearestTrainingBaseline};
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(SCALAR_NAMES.get(i), values[i]);
        }
        return m;
    }

    /** {@return one line for logs: the sample count first, then FID, KID, precision, recall and the class score} */
    public String summaryLine() {
        return String.format(Locale.ROOT, "%d samples vs %d real: FID %.3f  KID %.4f  precision %.3f  recall %.3f  "
                + "coverage %.3f  class score %.2f", samples, references, fid, kid, precision, recall, coverage,
                classifierScore);
    }

    /**
     * A table for a terminal: every figure with its direction and the question it answers.
     *
     * @return lines separated by {@code \n}, ending with one
     */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Evaluation with %s: %d generated vs %d reference images (%.1f s)%n",
                featureNetwork, samples, references, time.toMillis() / 1000.0));
        row(b, "FID", String.format(Locale.ROOT, "%.3f", fid), "lower is better", "quality and diversity");
        row(b, "KID", String.format(Locale.ROOT, "%.4f ± %.4f", kid, kidStd), "lower is better",
                "quality and diversity");
        row(b, "precision (k=3)", String.format(Locale.ROOT, "%.3f", precision), "higher is better", "quality");
        row(b, "recall (k=3)", String.format(Locale.ROOT, "%.3f", recall), "higher is better", "diversity");
        row(b, "density (k=5)", String.format(Locale.ROOT, "%.3f", density), "about 1 for real images", "quality");
        row(b, "coverage (k=5)", String.format(Locale.ROOT, "%.3f", coverage), "higher is better", "diversity");
        row(b, "classifier score", String.format(Locale.ROOT, "%.3f", classifierScore), "higher is better",
                "quality and class balance");
        row(b, "class entropy", String.format(Locale.ROOT, "%.3f", classEntropy), "1 = balanced classes",
                "diversity");
        row(b, "mean confidence", String.format(Locale.ROOT, "%.3f", meanConfidence), "higher is better",
                "quality");
        row(b, "nearest training", String.format(Locale.ROOT, "%.3f (real: %.3f)", nearestTrainingMedian,
                nearestTrainingBaseline), "far below real = copying", "memorisation");
        b.append(String.format(Locale.ROOT, "  %-18s %s%n", "class histogram", classHistogram));
        if (!classFidelity.isEmpty()) {
            StringBuilder per = new StringBuilder();
            double min = 1;
            double sum = 0;
            for (double f : classFidelity) {
                per.append(per.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", f));
                min = Math.min(min, f);
                sum += f;
            }
            row(b, "class fidelity", String.format(Locale.ROOT, "%.3f (min %.3f)", sum / classFidelity.size(), min),
                    "higher is better", "follows the label");
            b.append(String.format(Locale.ROOT, "  %-18s %s%n", "  per class", per));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value, String direction, String question) {
        b.append(String.format(Locale.ROOT, "  %-18s %-18s %-26s %s%n", name, value, direction, question));
    }

    /**
     * The result as one JSON object: the counts, the feature network, every scalar of {@link #scalars()}, the
     * histogram, the class fidelity (when measured) and the time in seconds. Non-finite values are written as {@code null}.
     *
     * @return the JSON text, pretty-printed, ending with a newline
     */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"featureNetwork\": \"").append(featureNetwork.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\n");
        b.append("  \"samples\": ").append(samples).append(",\n");
        b.append("  \"references\": ").append(references).append(",\n");
        for (Map.Entry<String, Double> e : scalars().entrySet()) {
            double v = e.getValue();
            b.append("  \"").append(e.getKey()).append("\": ").append(Double.isFinite(v) ? Double.toString(v)
                    : "null").append(",\n");
        }
        b.append("  \"classHistogram\": ").append(classHistogram).append(",\n");
        if (!classFidelity.isEmpty()) {
            b.append("  \"classFidelity\": ").append(classFidelity).append(",\n");
        }
        b.append(String.format(Locale.ROOT, "  \"seconds\": %.3f%n}%n", time.toNanos() / 1e9));
        return b.toString();
    }
}
