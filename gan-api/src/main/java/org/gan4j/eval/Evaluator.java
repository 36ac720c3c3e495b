package org.gan4j.eval;

import org.gan4j.TrainedGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link Evaluation} made ready by the provider: the reference images' features and neighbourhoods computed once,
 * so that each {@link #evaluate} costs only the samples' part. Made by {@link Evaluation#evaluator()}; one evaluator
 * may be used for many evaluations (periodic evaluation during training does), from one thread at a time.
 */
public interface Evaluator {

    /** {@return the settings this evaluator follows} */
    Evaluation evaluation();

    /**
     * Measures generated images against the reference.
     *
     * @param images {@code [n, imageSize]} in {@code [-1, 1]}, flattened NCHW like {@link org.gan4j.data.Dataset}'s
     *               rows, any floating-point type; not changed
     * @return every metric, with {@code n} as the sample count
     * @throws IllegalArgumentException if the images are not of the feature network's image size, fewer than the
     *                                  metrics need, or hold NaN or infinite values (naming the first such image)
     */
    EvaluationResult evaluate(INDArray images);

    /**
     * An evaluator for other settings that shares what this one prepared where the two agree (the same feature
     * network, reference and training images): the evaluation at the end of a run reuses the reference features of
     * the evaluations during it. The default prepares afresh.
     *
     * @param other the settings of the new evaluator
     * @return an evaluator following {@code other}
     */
    default Evaluator withSettings(Evaluation other) {
        return other.evaluator();
    }

    /**
     * Samples {@link Evaluation#samples()} images from the generator with the evaluation's fixed noise
     * ({@link Evaluation#noiseSeed()}) and measures them: the same generator always gets the same figures.
     *
     * @param generator the generator to measure (for a run with an EMA generator, the one training hands out)
     * @return every metric
     * @throws IllegalArgumentException if the generator's images do not fit the feature network
     */
    default EvaluationResult evaluate(TrainedGenerator generator) {
        INDArray images = evaluation().sample(generator);
        int[] labels = evaluation().sampleLabels(generator);
        return labels == null ? evaluate(images) : evaluate(images, labels);
    }

    /**
     * {@link #evaluate(INDArray)} of images drawn by class, with their class fidelity
     * ({@link EvaluationResult#classFidelity()}): the share of each class's images that the feature network labels
     * with it. The default measures no fidelity.
     *
     * @param images as {@link #evaluate(INDArray)}
     * @param labels the class each image was drawn for, one per image, in the feature network's class order
     * @return every metric and the class fidelity
     * @throws IllegalArgumentException as {@link #evaluate(INDArray)}, or if the labels are not one per image within
     *                                  the feature network's classes
     */
    default EvaluationResult evaluate(INDArray images, int[] labels) {
        return evaluate(images);
    }
}
