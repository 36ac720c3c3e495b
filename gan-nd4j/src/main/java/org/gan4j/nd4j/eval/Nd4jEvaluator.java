package org.gan4j.nd4j.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import com.google.common.base.Suppliers;
import org.gan4j.data.Datasets;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.eval.Evaluator;
import org.gan4j.eval.FeatureExtractor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J provider's {@link Evaluator}: the reference images' features (from the cache when it has them) and the
 * training images for memorisation are prepared once; each evaluation extracts the samples' features and class
 * probabilities and runs every metric of this package on them, in double precision.
 */
public final class Nd4jEvaluator implements Evaluator {

    /**
     * Most training images the memorisation figure compares with: the first ones of the training set. Every sample
     * is compared with every one of them in pixel space, which for 10,000 samples and 10,000 images of 784 pixels
     * takes about a second; a 60,000-image training set would take six.
     */
    public static final int MEMORISATION_IMAGES = 10_000;

    private final Evaluation evaluation;
    private final FeatureExtractor extractor;
    private final INDArray referenceFeatures;
    private final FeatureStatistics referenceStatistics;
    private final Points trainingImages;
    private final double trainingBaseline;
    private final ManifoldMetrics.Reference manifold;
    private final KernelDistance.Reference kernel;

    /**
     * Prepares an evaluation.
     *
     * @param evaluation the settings
     * @param extractor  the feature network, ready to compute (used from one thread at a time)
     */
    public Nd4jEvaluator(Evaluation evaluation, FeatureExtractor extractor) {
        this.evaluation = evaluation;
        this.extractor = extractor;
        // Everything prepared here is cached (seconds of the core the evaluation runs on): the reference's features
        // and neighbour radii, and the training images' leave-one-out memorisation baseline. Each entry is named by
        // a hash of the pixels it comes from, computed once and only when there is a cache.
        INDArray referenceImages = Datasets.firstImages(evaluation.reference(), evaluation.references());
        Supplier<String> referenceKey = Suppliers.memoize(() -> EvaluationCache.key(evaluation, referenceImages));
        this.referenceFeatures = EvaluationCache.cached(evaluation, () -> referenceKey.get() + ".features",
                evaluation.references(), evaluation.featureNetwork().featureSize(),
                () -> extractor.features(referenceImages));
        this.referenceStatistics = FeatureStatistics.of(referenceFeatures);
        int k1 = Evaluation.PRECISION_K;
        int k2 = Evaluation.DENSITY_K;
        INDArray radii = EvaluationCache.cached(evaluation, () -> referenceKey.get() + ".radii-" + k1 + "-" + k2,
                2, evaluation.references(), () -> ManifoldMetrics.Reference.radii(referenceFeatures, k1, k2));
        this.manifold = new ManifoldMetrics.Reference(referenceFeatures, k1, k2, radii);
        this.kernel = new KernelDistance.Reference(referenceFeatures);
        INDArray training = Datasets.firstImages(evaluation.training(),
                Math.min(MEMORISATION_IMAGES, evaluation.training().size())).castTo(DataType.DOUBLE);
        this.trainingImages = Points.of("training", training, 2);
        this.trainingBaseline = EvaluationCache.cached(evaluation,
                () -> EvaluationCache.key(evaluation, training) + ".leave-one-out", 1, 1,
                () -> Nd4j.create(new double[] {Memorisation.leaveOneOutMedian(training)}, new long[] {1, 1},
                        DataType.DOUBLE)).getDouble(0);
    }

    /** The same prepared state under other settings (sample count, noise seed, KID subsets). */
    private Nd4jEvaluator(Nd4jEvaluator prepared, Evaluation evaluation) {
        this.evaluation = evaluation;
        this.extractor = prepared.extractor;
        this.referenceFeatures = prepared.referenceFeatures;
        this.referenceStatistics = prepared.referenceStatistics;
        this.trainingImages = prepared.trainingImages;
        this.trainingBaseline = prepared.trainingBaseline;
        this.manifold = prepared.manifold;
        this.kernel = prepared.kernel;
    }

    @Override
    public Evaluator withSettings(Evaluation other) {
        boolean same = other.featureNetwork().sha256().equals(evaluation.featureNetwork().sha256())
                && other.reference() == evaluation.reference() && other.training() == evaluation.training()
                && other.references() == evaluation.references();
        return same ? new Nd4jEvaluator(this, other) : other.evaluator();
    }

    @Override
    public Evaluation evaluation() {
        return evaluation;
    }

    @Override
    public EvaluationResult evaluate(INDArray images) {
        return evaluate(images, null);
    }

    /** The metrics, and per class the share of its images the feature network labels with it. */
    @Override
    public EvaluationResult evaluate(INDArray images, int[] labels) {
        long t0 = System.nanoTime();
        int classes = evaluation.featureNetwork().classNames().size();
        if (labels != null) {
            if (labels.length != images.rows()) {
                throw new IllegalArgumentException("labels must be one per image: " + images.rows() + " images, got "
                        + labels.length + " labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + i + " is " + labels[i] + "; feature network "
                            + evaluation.featureNetwork().name() + " knows classes 0.." + (classes - 1));
                }
            }
        }
        INDArray pixels = check(images);
        FeatureExtractor.Outputs outputs = extractor.outputs(images); // one forward pass for both
        INDArray features = outputs.features();
        INDArray probabilities = outputs.probabilities();
        int n = (int) images.rows();
        double fid = FrechetDistance.between(FeatureStatistics.of(features), referenceStatistics);
        // the reference subsets' own kernel sums are computed by the first evaluation and reused by the next ones
        KernelDistanceResult kid = kernel.against(features, evaluation.kidSubsets(), evaluation.kidSubsetSize(n),
                evaluation.noiseSeed());
        ManifoldMetrics m = manifold.measure(features); // the reference's radii were computed once
        PrecisionRecall pr = m.precisionRecall();
        DensityCoverage dc = m.densityCoverage();
        ClassifierScore cs = ClassifierScore.of(probabilities);
        List<Double> fidelity = labels == null ? List.of() : ClassifierScore.fidelity(probabilities, labels, classes);
        Memorisation mem = Memorisation.against(pixels, trainingImages, trainingBaseline);
        Matrices.release(pixels); // off-heap memory now rather than at the next GC (Matrices.release)
        Matrices.release(features);
        Matrices.release(probabilities);
        List<Integer> histogram = new ArrayList<>();
        for (long c : cs.histogram()) {
            histogram.add(Math.toIntExact(c));
        }
        return new EvaluationResult(evaluation.featureNetwork().name(), n, evaluation.references(), fid, kid.mean(),
                kid.std(), cs.score(), cs.normalisedEntropy(), cs.meanConfidence(), histogram, pr.precision(),
                pr.recall(), dc.density(), dc.coverage(), mem.sampleMedian(), mem.baselineMedian(),
                Duration.ofNanos(System.nanoTime() - t0), fidelity);
    }

    /**
     * Checks the image count and size and that every value is finite (naming the first bad image).
     *
     * @return the images in double precision, c-order (the memorisation distances need them so)
     */
    private INDArray check(INDArray images) {
        int size = evaluation.featureNetwork().imageShape().size();
        if (images.rank() != 2 || images.columns() != size) {
            throw new IllegalArgumentException("images must be [n, " + size + "] (" + evaluation.featureNetwork()
                    .imageShape() + " per row, the feature network's input), got " + java.util.Arrays.toString(
                    images.shape()));
        }
        if (images.rows() < Evaluation.MIN_IMAGES) {
            throw new IllegalArgumentException("an evaluation needs at least " + Evaluation.MIN_IMAGES + " images, got "
                    + images.rows());
        }
        INDArray pixels = images.castTo(DataType.DOUBLE).dup('c');
        double[] values = pixels.data().asDouble();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("image " + i / size + " holds " + values[i] + "; generated images "
                        + "must be finite (in [-1, 1])");
            }
        }
        return pixels;
    }
}
