package org.gan4j.spi;

import org.gan4j.Discriminator;
import org.gan4j.Generator;
import org.gan4j.Trainer;
import org.gan4j.data.LabelledImages;
import org.gan4j.eval.ClassifierTraining;
import org.gan4j.eval.FeatureExtractor;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.nn.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;

/** What a provider makes: trainers, and networks built from {@link NetworkSpec}s. */
public interface GanEngine {

    /** {@return the provider's name, as {@link GanProvider#name()} gives it and the provider property selects it} */
    String providerName();

    /**
     * {@return the compute backend in use, for logs and provenance, e.g. {@code "CpuBackend (CPU, BLAS OPENBLAS, 1 BLAS
     * threads, 2 ND4J op threads), kernels cpu"} from the ND4J provider}
     */
    String backend();

    /** {@return a new trainer, computing with this engine; it keeps no state between runs} */
    Trainer trainer();

    /**
     * Builds a generator with freshly initialised parameters (PyTorch's default initialisation of each layer).
     *
     * @param spec     the network: input {@code [zDim]}, output the image ({@code [c, h, w]} or its flat form)
     * @param dataType FLOAT or DOUBLE
     * @param seed     fixes the initial parameters
     * @return the generator; its {@link Generator#spec()} is {@code spec}
     * @throws IllegalArgumentException if a layer cannot be built by this provider (naming it and its position)
     */
    Generator generator(NetworkSpec spec, DataType dataType, long seed);

    /**
     * Builds a discriminator (one logit per image, or {@code 1 + classes} values for an auxiliary classifier) with
     * freshly initialised parameters.
     *
     * @param spec     the network: input the image, output {@code [1]} (or {@code [1 + classes]})
     * @param dataType FLOAT or DOUBLE
     * @param seed     fixes the initial parameters
     * @return the discriminator; its {@link Discriminator#spec()} is {@code spec}
     * @throws IllegalArgumentException if a layer cannot be built by this provider, or the output is not a vector
     */
    Discriminator discriminator(NetworkSpec spec, DataType dataType, long seed);

    /**
     * Prepares an evaluation: the reference images' features and neighbourhoods, computed once for any number of
     * evaluations.
     *
     * @param evaluation the settings
     * @return the evaluator
     * @throws UnsupportedOperationException if this provider does not evaluate (the default)
     */
    default org.gan4j.eval.Evaluator evaluator(org.gan4j.eval.Evaluation evaluation) {
        throw new UnsupportedOperationException("the gan4j provider " + providerName() + " does not evaluate");
    }

    /**
     * Makes a network ready to compute features and class probabilities.
     *
     * @param network the trained feature network, e.g. {@link FeatureNetwork#mnist()}
     * @return an extractor running it in eval mode
     * @throws UnsupportedOperationException if this provider cannot run feature networks (the default)
     * @throws IllegalArgumentException      if a layer of the network cannot be built by this provider
     */
    default FeatureExtractor featureExtractor(FeatureNetwork network) {
        throw new UnsupportedOperationException("provider " + providerName() + " cannot run feature networks; use "
                + "the nd4j provider (gan-nd4j)");
    }

    /**
     * Trains a classifier as a feature network (supervised, softmax cross-entropy, Adam; single-threaded and
     * bit-identical for the same settings and data). See {@link ClassifierTraining} for what it does.
     *
     * @param settings the architecture, epochs, batch size, learning rate, seed and augmentation
     * @param train    the training images and labels
     * @param test     the images its accuracy is measured on (each epoch, and the final {@link
     *                 FeatureNetwork#testAccuracy()}); same image shape and classes as {@code train}
     * @param log      receives one line per epoch (loss, test accuracy) and a few lines of setup
     * @return the trained network, its test accuracy measured
     * @throws UnsupportedOperationException if this provider cannot train classifiers (the default)
     * @throws IllegalArgumentException      if the two sets differ in image shape or classes, or the spec does not
     *                                       fit them
     */
    default FeatureNetwork trainClassifier(ClassifierTraining settings, LabelledImages train, LabelledImages test,
                                           java.util.function.Consumer<String> log) {
        throw new UnsupportedOperationException("provider " + providerName() + " cannot train classifiers; use the "
                + "nd4j provider (gan-nd4j)");
    }
}
