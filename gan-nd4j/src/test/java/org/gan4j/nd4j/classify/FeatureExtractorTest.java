package org.gan4j.nd4j.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.stream.IntStream;
import org.gan4j.data.LabelledImages;
import org.gan4j.eval.FeatureExtractor;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The shipped MNIST network through the engine's extractor: shapes, batching, refusals. */
class FeatureExtractorTest {

    private static LabelledImages digits;
    private static FeatureExtractor extractor;

    @BeforeAll
    static void load() throws IOException {
        digits = LabelledImages.embeddedMnist();
        extractor = new Nd4jEngine().featureExtractor(FeatureNetwork.mnist());
    }

    @Test
    void featuresAndProbabilitiesHaveTheirShapes() {
        INDArray images = digits.subset(IntStream.range(0, 1203).toArray()).images(); // 3 batches, the last short
        INDArray f = extractor.features(images);
        assertThat(f.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(f.shape()).containsExactly(1203, 128);
        assertThat(f.minNumber().doubleValue()).isGreaterThanOrEqualTo(0); // after the ReLU
        assertThat(f.maxNumber().doubleValue()).isPositive();
        INDArray p = extractor.probabilities(images);
        assertThat(p.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(p.shape()).containsExactly(1203, 10);
        INDArray sums = p.sum(1);
        assertThat(sums.sub(1).amaxNumber().doubleValue()).isLessThan(1e-12);
        // eval mode: an image's features do not depend on the others in its batch
        INDArray alone = extractor.features(images.get(NDArrayIndex.interval(1200, 1203), NDArrayIndex.all()));
        INDArray inBatch = f.get(NDArrayIndex.interval(1200, 1203), NDArrayIndex.all());
        assertThat(alone.sub(inBatch).amaxNumber().doubleValue()).isLessThan(1e-4);
        // DOUBLE images give the same answer as FLOAT ones
        INDArray fromDouble = extractor.features(images.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all())
                .castTo(DataType.DOUBLE));
        assertThat(fromDouble).isEqualTo(f.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all()));
        assertThat(extractor.network()).isSameAs(FeatureNetwork.mnist());
        FeatureExtractor.Outputs both = extractor.outputs(images);
        assertThat(both.features()).isEqualTo(f);
        assertThat(both.probabilities()).isEqualTo(p);
    }

    @Test
    void refusesImagesOfAnotherSizeNamingBothShapes() {
        assertThatThrownBy(() -> extractor.features(Nd4j.zeros(DataType.FLOAT, 2, 1024)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 1024]")
                .hasMessageContaining("[1, 28, 28]");
        assertThatThrownBy(() -> extractor.probabilities(Nd4j.zeros(DataType.FLOAT, 784)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[784]");
    }

    @Test
    void refusesNaNImages() {
        INDArray images = Nd4j.zeros(DataType.FLOAT, 3, 784);
        images.putScalar(2, 5, Float.NaN);
        assertThatThrownBy(() -> extractor.features(images)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }
}
