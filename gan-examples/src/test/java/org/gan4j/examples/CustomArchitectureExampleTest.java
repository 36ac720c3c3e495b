package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.gan4j.GanResult;
import org.gan4j.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CustomArchitectureExampleTest {

    @Test
    void theCustomNetworksAreBuiltAndTrain() throws IOException {
        ImageDataset data = DataSource.embedded();
        GanResult result = CustomArchitectureExample.train(data, 200);
        assertThat(result.provenance().steps()).isEqualTo(200);
        assertThat(result.generator().network().parameterCount())
                .isEqualTo(CustomArchitectureExample.generator().parameterCount(64, 784))
                .isEqualTo(64 * 256 + 256 + 256 * 512 + 512 + 512 * 784 + 784);
        assertThat(result.discriminator().parameterCount())
                .isEqualTo(CustomArchitectureExample.discriminator().parameterCount(784, 1));
        assertThat(result.history().get(0).lossD()).isFinite().isPositive();
        // The discriminator separates real from generated images early in training.
        assertThat(result.history().get(0).meanDReal()).isGreaterThan(result.history().get(0).meanDFake());
        INDArray samples = result.generator().sample(8);
        assertThat(samples.shape()).containsExactly(8, 784);
        assertThat(samples.amaxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
    }
}
