package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every metric against an independent float64 computation in PyTorch by the reference implementations' formulas
 * (bench/fixtures/make_metrics_fixture.py): FID through a general (non-symmetric) eigensolver, KID as
 * torch-fidelity, precision/recall as Kynkäänniemi et al.'s code, density/coverage as prdc, the Inception Score.
 */
class MetricsFixtureTest {

    private static final Map<String, double[]> FIXTURE = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MetricsFixtureTest.class.getResourceAsStream("/pytorch-fixtures/metrics.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split(" ");
                double[] v = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    v[i - 1] = Double.parseDouble(parts[i]);
                }
                FIXTURE.put(parts[0], v);
            }
        }
        assertThat(FIXTURE).hasSize(13);
    }

    private static INDArray matrix(String name, int columns) {
        double[] v = FIXTURE.get(name);
        return Nd4j.create(v, new long[] {v.length / columns, columns}, DataType.DOUBLE);
    }

    private static double value(String name, int index) {
        return FIXTURE.get(name)[index];
    }

    @Test
    void frechetDistance() {
        double fid = FrechetDistance.between(FeatureStatistics.of(matrix("real", 5)),
                FeatureStatistics.of(matrix("fake", 5)));
        assertThat(fid).isCloseTo(value("fid", 0), offset(1e-10 * value("fid", 0)));
    }

    @Test
    void kernelDistanceWithOneSubsetOfEveryRow() {
        INDArray real = matrix("real", 5);
        INDArray fake = matrix("fake", 5);
        INDArray firstReal = real.get(NDArrayIndex.interval(0, fake.rows()), NDArrayIndex.all());
        KernelDistanceResult kid = KernelDistance.of(firstReal, fake, 1, (int) fake.rows(), 3);
        assertThat(kid.mean()).isCloseTo(value("kidFullSubset", 0), offset(1e-12));
    }

    @Test
    void precisionRecallDensityCoverage() {
        ManifoldMetrics m = ManifoldMetrics.of(matrix("real", 5), matrix("fake", 5), 3, 5);
        assertThat(m.precisionRecall().precision()).isCloseTo(value("precisionRecall3", 0), offset(1e-15));
        assertThat(m.precisionRecall().recall()).isCloseTo(value("precisionRecall3", 1), offset(1e-15));
        assertThat(m.densityCoverage().density()).isCloseTo(value("densityCoverage5", 0), offset(1e-15));
        assertThat(m.densityCoverage().coverage()).isCloseTo(value("densityCoverage5", 1), offset(1e-15));
    }

    @Test
    void classifierScore() {
        assertThat(ClassifierScore.of(matrix("probs", 7)).score()).isCloseTo(value("inceptionScore", 0),
                offset(1e-12));
    }

    @Test
    void memorisation() {
        Memorisation loo = Memorisation.of(matrix("samples", 12), matrix("train", 12));
        assertThat(loo.sampleMedian()).isCloseTo(value("memorisationLeaveOneOut", 0), offset(1e-12));
        assertThat(loo.baselineMedian()).isCloseTo(value("memorisationLeaveOneOut", 1), offset(1e-12));
        Memorisation held = Memorisation.of(matrix("samples", 12), matrix("train", 12), matrix("heldOut", 12));
        assertThat(held.sampleMedian()).isCloseTo(value("memorisationHeldOut", 0), offset(1e-12));
        assertThat(held.baselineMedian()).isCloseTo(value("memorisationHeldOut", 1), offset(1e-12));
    }
}
