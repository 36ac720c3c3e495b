package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.gan4j.eval.FeatureNetwork;

/** Which feature network measures a dataset's images: the one given, or the built-in one for a named dataset. */
final class FeatureNetworkChoice {

    private FeatureNetworkChoice() {
    }

    /**
     * The feature network for the images of {@code dataset}.
     *
     * @param file    {@code --feature-network}, or null
     * @param dataset {@code --dataset} as given (null: the embedded digits)
     * @return {@code file}'s network, else MNIST's for the digits and Fashion-MNIST's for its images
     * @throws IOException              if {@code file} cannot be read
     * @throws IllegalArgumentException for a directory dataset without {@code --feature-network}
     */
    static FeatureNetwork choose(Path file, String dataset) throws IOException {
        if (file != null) {
            return FeatureNetwork.load(file);
        }
        String name = dataset == null ? "mnist" : dataset.toLowerCase(Locale.ROOT);
        if (name.equals("mnist") || name.equals("mnist-t10k")) {
            return FeatureNetwork.mnist();
        }
        if (name.equals("fashion-mnist") || name.equals("fashion-mnist-t10k")) {
            return FeatureNetwork.fashionMnist();
        }
        throw new IllegalArgumentException("no built-in feature network for --dataset " + dataset + " (there are "
                + "ones for mnist and fashion-mnist); train one with 'gan4j train-classifier --dataset " + dataset
                + " --out FILE' and pass --feature-network FILE");
    }
}
