package org.gan4j.nd4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The plain mean a critic's scores are reported with, on a view of a larger buffer as the step hands it over. */
class KernelMeanTest {

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void theMeanOfAViewIsTheMeanOfItsValuesOnly(Kernels k) {
        INDArray all = Nd4j.createFromArray(1f, -3f, 10f, 20f).reshape('c', 4, 1);
        INDArray fakeRows = all.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        assertThat(k.mean(all.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()))).isEqualTo(-1.0);
        assertThat(k.mean(fakeRows)).isEqualTo(15.0);
        INDArray d = Nd4j.createFromArray(0.1, 0.2, 0.4).reshape('c', 3, 1);
        assertThat(k.mean(d)).isCloseTo(0.7 / 3, offset(1e-15));
    }
}
