package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.ImageDataset;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.eval.Evaluator;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.io.GeneratorFile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The calibration table of docs/evaluation.md: every metric on cases whose order a person knows (held-out real
 * images, the same blurred, one class only, uniform noise, and trained generators), so that a user can read their
 * own figure against them. Run by {@code bench/calibrate-evaluation.sh}; prints a Markdown table.
 *
 * <pre>
 * java -cp gan4j.jar org.gan4j.examples.EvaluationCalibration mnist [LABEL=GENERATOR_FILE ...]
 * java -cp gan4j.jar org.gan4j.examples.EvaluationCalibration fashion-mnist TRAIN_DIR_OR_NAME
 * </pre>
 *
 * <p>For the embedded MNIST digits (only 10,000 images) the reference is the 5,000 digits of even index and the
 * held-out real images the 5,000 of odd index (not the two halves: MNIST's test set has its 5,000 cleaner digits
 * first), so every row has 5,000 samples against 5,000 references; for Fashion-MNIST the
 * reference is its 10,000-image test set and the held-out images are the first 10,000 of its training set.
 */
public final class EvaluationCalibration {

    private EvaluationCalibration() {
    }

    /**
     * Prints the table.
     *
     * @param args the dataset ({@code mnist} or {@code fashion-mnist}), then {@code LABEL=FILE} generator files
     * @throws IOException if a dataset or generator cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EvaluationCalibration mnist|fashion-mnist [LABEL=GENERATOR_FILE ...]");
            System.exit(2);
        }
        Map<String, Path> generators = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            generators.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
        }
        Cases cases = args[0].equals("fashion-mnist") ? fashion() : mnist();
        Evaluation evaluation = Evaluation.builder(cases.network, cases.reference)
                .samples(cases.heldOut.size()).build();
        Evaluator evaluator = evaluation.evaluator();
        INDArray real = Datasets.firstImages(cases.heldOut, cases.heldOut.size());
        int n = (int) real.rows();
        Map<String, EvaluationResult> rows = new LinkedHashMap<>();
        rows.put("held-out real images", evaluator.evaluate(real));
        rows.put("held-out, blurred (σ 0.5)", evaluator.evaluate(blur(real, 28, 28, 0.5)));
        rows.put("held-out, blurred (σ 1)", evaluator.evaluate(blur(real, 28, 28, 1.0)));
        rows.put("held-out, one class only (" + cases.network.classNames().get(0) + ")",
                evaluator.evaluate(oneClass(cases.heldOut, n)));
        rows.put("uniform noise in [-1, 1]", evaluator.evaluate(uniform(n, (int) real.columns())));
        for (Map.Entry<String, Path> g : generators.entrySet()) {
            TrainedGenerator generator = GeneratorFile.load(g.getValue(), 0);
            rows.put(g.getKey(), evaluator.evaluate(generator));
        }
        System.out.printf(Locale.ROOT, "%d samples per row against %d reference images (%s), feature network %s%n%n",
                n, evaluation.references(), cases.reference.name(), cases.network.name());
        System.out.println("| case | FID | KID | precision | recall | density | coverage | class score | class "
                + "entropy | confidence | nearest training (real) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, EvaluationResult> e : rows.entrySet()) {
            EvaluationResult r = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.4f | %.3f | %.3f | %.3f | %.3f | %.2f | %.3f | %.3f | "
                            + "%.2f (%.2f) |%n", e.getKey(), r.fid(), r.kid(), r.precision(), r.recall(), r.density(),
                    r.coverage(), r.classifierScore(), r.classEntropy(), r.meanConfidence(),
                    r.nearestTrainingMedian(), r.nearestTrainingBaseline());
        }
    }

    private record Cases(FeatureNetwork network, Dataset reference, ImageDataset heldOut) {
    }

    private static Cases mnist() throws IOException {
        ImageDataset all = DataSource.embedded();
        return new Cases(FeatureNetwork.mnist(), every(all, 0, "embedded MNIST, even indices"),
                every(all, 1, "embedded MNIST, odd indices"));
    }

    private static Cases fashion() throws IOException {
        DataSource test = new DataSource();
        test.dataset = "fashion-mnist-t10k";
        DataSource train = new DataSource();
        train.dataset = "fashion-mnist";
        return new Cases(FeatureNetwork.fashionMnist(), test.load(), slice(train.load(), 0, 10_000,
                "Fashion-MNIST train, first 10000"));
    }

    /** Images {@code [from, to)} of a dataset, with their labels. */
    static ImageDataset slice(ImageDataset d, int from, int to, String name) {
        int size = d.imageSize();
        byte[] pixels = new byte[(to - from) * size];
        int[] labels = d.hasLabels() ? new int[to - from] : null;
        for (int i = from; i < to; i++) {
            for (int j = 0; j < size; j++) {
                pixels[(i - from) * size + j] = (byte) d.pixel(i, j);
            }
            if (labels != null) {
                labels[i - from] = d.label(i);
            }
        }
        return new ImageDataset(name, pixels, to - from, d.height(), d.width(), d.channels(), labels);
    }

    /** Every second image of a dataset, from {@code first}, with their labels. */
    static ImageDataset every(ImageDataset d, int first, String name) {
        int n = (d.size() - first + 1) / 2;
        int size = d.imageSize();
        byte[] pixels = new byte[n * size];
        int[] labels = d.hasLabels() ? new int[n] : null;
        for (int k = 0; k < n; k++) {
            int i = first + 2 * k;
            for (int j = 0; j < size; j++) {
                pixels[k * size + j] = (byte) d.pixel(i, j);
            }
            if (labels != null) {
                labels[k] = d.label(i);
            }
        }
        return new ImageDataset(name, pixels, n, d.height(), d.width(), d.channels(), labels);
    }

    /** The held-out images of class 0, repeated in order to {@code n} images. */
    private static INDArray oneClass(ImageDataset heldOut, int n) {
        List<Integer> ofClass = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            if (heldOut.label(i) == 0) {
                ofClass.add(i);
            }
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = ofClass.get(i % ofClass.size());
        }
        float[] values = new float[n * heldOut.imageSize()];
        heldOut.copyImages(indices, 0, n, values);
        return Nd4j.createFromArray(values).reshape('c', n, heldOut.imageSize());
    }

    /**
     * A Gaussian blur of standard deviation {@code sigma} pixels (separable, kernel radius ceil(3 sigma), edges
     * clamped), on the [-1, 1] values.
     */
    static INDArray blur(INDArray images, int h, int w, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        int n = (int) images.rows();
        float[] in = images.dup('c').data().asFloat();
        float[] tmp = new float[h * w];
        float[] out = new float[in.length];
        for (int img = 0; img < n; img++) {
            int base = img * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int d = -r; d <= r; d++) {
                        s += k[d + r] * in[base + y * w + Math.min(w - 1, Math.max(0, x + d))];
                    }
                    tmp[y * w + x] = (float) s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int d = -r; d <= r; d++) {
                        s += k[d + r] * tmp[Math.min(h - 1, Math.max(0, y + d)) * w + x];
                    }
                    out[base + y * w + x] = (float) s;
                }
            }
        }
        return Nd4j.createFromArray(out).reshape('c', n, h * w);
    }

    /** {@code n} images of independent uniform values in [-1, 1], always the same ones. */
    private static INDArray uniform(int n, int size) {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[n * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Nd4j.createFromArray(values).reshape('c', n, size);
    }
}
