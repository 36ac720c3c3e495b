package org.gan4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link FeatureNetwork} ready to compute: its penultimate-layer features (what FID, KID, precision/recall and
 * the memorisation distance compare) and its class probabilities (the classifier score, class histograms). Made by
 * the engine ({@link org.gan4j.spi.GanEngine#featureExtractor(FeatureNetwork)}); the network runs in eval mode
 * (BatchNorm's running statistics, no dropout), in batches, so the answer for an image does not depend on the
 * others beside it.
 *
 * <p>Not thread-safe: it reuses its buffers from call to call. Make one per thread.
 */
public interface FeatureExtractor {

    /** {@return the network this extractor runs} */
    FeatureNetwork network();

    /**
     * The feature vectors of images.
     *
     * @param images {@code [n, c*h*w]} with {@code c*h*w} the network's image size, values in {@code [-1, 1]} as a
     *               generator produces them (FLOAT or DOUBLE)
     * @return a new {@code [n, featureSize]} DOUBLE array: the output of the network's feature layer per image
     * @throws IllegalArgumentException naming both shapes if the images are not of the network's size, or if they
     *                                  hold NaN or infinite values
     */
    INDArray features(INDArray images);

    /**
     * The class probabilities of images: the softmax of the network's logits.
     *
     * @param images {@code [n, c*h*w]} as for {@link #features}
     * @return a new {@code [n, classes]} DOUBLE array, each row summing to 1
     * @throws IllegalArgumentException as {@link #features} does
     */
    INDArray probabilities(INDArray images);

    /**
     * Features and probabilities in one pass through the network (what {@link #features} and
     * {@link #probabilities} return, for nearly the cost of one of them).
     *
     * @param images {@code [n, c*h*w]} as for {@link #features}
     * @return both, each a new DOUBLE array
     * @throws IllegalArgumentException as {@link #features} does
     */
    Outputs outputs(INDArray images);

    /**
     * What {@link #outputs} computes.
     *
     * @param features      {@code [n, featureSize]} DOUBLE
     * @param probabilities {@code [n, classes]} DOUBLE, rows summing to 1
     */
    record Outputs(INDArray features, INDArray probabilities) {
    }
}
