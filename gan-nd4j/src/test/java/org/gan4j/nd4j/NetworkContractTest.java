package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.testing.ForwardingGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hand-written networks that break {@link org.gan4j.Network}'s contract are refused when training starts, naming the
 * network and the rule, instead of training "fine" and never changing.
 */
class NetworkContractTest {

    private static Dataset digits;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 200);
    }

    private static Generator reference(long seed) {
        return Gan.engine().generator(Mlp.referenceGenerator().generatorSpec(64, 784), DataType.FLOAT, seed);
    }

    @Test
    void aGeneratorWhoseParametersAreACopyIsRefused() {
        Generator copying = new ForwardingGenerator(reference(1)) {
            @Override
            public INDArray parameters() {
                return super.parameters().dup(); // the bug: Adam would update this copy, never the network
            }
        };
        assertThatThrownBy(() -> Gan.builder().generator(copying).maxSteps(5).train(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generator " + copying.getClass().getName())
                .hasMessageContaining("parameters() returned a different array on a second call")
                .hasMessageContaining("live array");
    }

    @Test
    void gradientsOfAnotherLengthAreRefused() {
        Generator g = new ForwardingGenerator(reference(1)) {
            private final INDArray shortGrads = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 10);

            @Override
            public INDArray gradients() {
                return shortGrads;
            }
        };
        assertThatThrownBy(() -> Gan.builder().generator(g).maxSteps(5).train(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradients() has 10 values but parameters() has");
    }

    @Test
    void parametersInFortranOrderAreRefused() {
        Generator g = new ForwardingGenerator(reference(1)) {
            private final INDArray strided = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT,
                    super.parameters().length() * 2).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2,
                    super.parameters().length() * 2));

            @Override
            public INDArray parameters() {
                return strided;
            }
        };
        assertThatThrownBy(() -> Gan.builder().generator(g).maxSteps(5).train(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameters() must be contiguous");
    }

    @Test
    void aWellBehavedHandWrittenGeneratorTrainsAndChanges() {
        Generator inner = reference(1);
        INDArray before = inner.parameters().dup();
        GanResult r = Gan.builder().generator(new ForwardingGenerator(inner)).maxSteps(5).train(digits);
        assertThat(r.generator().network().parameters().equals(before)).as("trained in place").isFalse();
    }

    @Test
    void aBatchLargerThanTheDatasetIsRefusedWithBothNumbers() {
        assertThatThrownBy(() -> Gan.builder().batchSize(201).maxSteps(1).train(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize 201 is larger than the dataset's 200 images");
        assertThat(Gan.builder().batchSize(200).maxSteps(1).train(digits).provenance().steps()).isEqualTo(1);
    }
}
