package org.gan4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gan4j.data.LabelledImages;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shipped networks: their checksums, and the accuracy docs/feature-networks.md states, measured again through
 * the engine's extractor on the held-out images (in gan-nd4j for the engine).
 */
class ShippedFeatureNetworkTest {

    @Test
    void theMnistNetworkIsTheShippedFileAndClassifiesTheHeldOutDigits() throws IOException {
        FeatureNetwork n = FeatureNetwork.mnist();
        assertThat(n.sha256()).isEqualTo(FeatureNetwork.MNIST_SHA256);
        assertThat(FeatureNetwork.mnist()).isSameAs(n);
        try (InputStream in = FeatureNetwork.class.getResourceAsStream(FeatureNetwork.MNIST_RESOURCE)) {
            assertThat(in.readAllBytes().length).as("shipped file size").isLessThan(1 << 20);
        }
        assertThat(n.name()).isEqualTo("mnist");
        assertThat(n.featureSize()).isEqualTo(128);
        assertThat(n.classNames()).isEqualTo(LabelledImages.MNIST_CLASSES);
        assertThat(n.spec()).isEqualTo(ClassifierTraining.defaultArchitecture(n.imageShape(), 10));
        LabelledImages heldOut = LabelledImages.embeddedMnist().split(8000).rest();
        double accuracy = accuracy(n, heldOut);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.985);
        assertThat(accuracy).isEqualTo(n.testAccuracy());
    }

    @Test
    void theFashionMnistNetworkClassifiesItsTestSet() throws IOException {
        FeatureNetwork n = FeatureNetwork.fashionMnist();
        assertThat(n.sha256()).isEqualTo(FeatureNetwork.FASHION_MNIST_SHA256);
        assertThat(n.classNames()).isEqualTo(LabelledImages.FASHION_MNIST_CLASSES);
        assertThat(n.testAccuracy()).isGreaterThanOrEqualTo(0.90);
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(debian.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST's test set is not installed (apt-get install dataset-fashion-mnist)");
        LabelledImages test = LabelledImages.loadIdx(debian, "t10k", LabelledImages.FASHION_MNIST_CLASSES);
        assertThat(accuracy(n, test)).isEqualTo(n.testAccuracy());
    }

    private static double accuracy(FeatureNetwork n, LabelledImages data) {
        INDArray p = new Nd4jEngine().featureExtractor(n).probabilities(data.images());
        INDArray predicted = p.argMax(1);
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            correct += predicted.getInt(i) == data.label(i) ? 1 : 0;
        }
        return (double) correct / data.size();
    }

    @Test
    void aShippedFileWithAnotherChecksumIsRefused() {
        assertThatThrownBy(() -> FeatureNetwork.shipped(FeatureNetwork.MNIST_RESOURCE, "00ff"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(FeatureNetwork.MNIST_RESOURCE)
                .hasMessageContaining("SHA-256")
                .hasMessageContaining("00ff");
        assertThatThrownBy(() -> FeatureNetwork.shipped("/org/gan4j/eval/missing.zip", "00"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing from the jar");
    }
}
