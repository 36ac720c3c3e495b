package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.Mlp;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingPlan;
import org.gan4j.TrainingWarnings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrainingWarningsTest {

    private static StepMetrics step(long s, double dReal, double dFake) {
        return new StepMetrics(s, 1, (int) s, 32, 0.1, 5.0, dReal, dFake);
    }

    private static TrainingPlan plan() {
        return plan(Gan.builder().build());
    }

    private static TrainingPlan plan(org.gan4j.GanConfig config) {
        try {
            return new TrainingPlan(config, "test", DataSource.embedded(), 0, 15650, 313);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSpreadIsNd4jsColumnStandardDeviationAveraged() {
        org.nd4j.linalg.api.ndarray.INDArray samples = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 32, 50)
                .muli(2).subi(1);
        samples.getColumn(7).assign(0.25); // a constant pixel: no spread there
        double expected = samples.std(0).meanNumber().doubleValue();
        assertThat(TrainingWarnings.spread(samples)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aDiscriminatorThatWinsForAThousandStepsIsReportedOnce() {
        List<String> warnings = new ArrayList<>();
        TrainingWarnings w = new TrainingWarnings(warnings::add);
        w.onStart(plan());
        for (long s = 1; s <= 999; s++) {
            w.onStep(step(s, 0.99, 0.01));
        }
        assertThat(warnings).isEmpty();
        w.onStep(step(1000, 0.99, 0.01));
        assertThat(warnings).singleElement().asString().contains("at step 1000 the discriminator has won");
        for (long s = 1001; s <= 3000; s++) {
            w.onStep(step(s, 0.99, 0.01));
        }
        assertThat(warnings).hasSize(1);
        w.onStep(step(3001, 0.7, 0.3)); // recovered: the warning re-arms
        for (long s = 3002; s <= 4001; s++) {
            w.onStep(step(s, 0.99, 0.01));
        }
        assertThat(warnings).hasSize(2);
    }

    @Test
    void aCriticsScoresNeverCountAsTheDiscriminatorWinning() {
        // a Wasserstein critic's scores of 0.99 and 0.01 are not probabilities: nothing has been won
        List<String> warnings = new ArrayList<>();
        TrainingWarnings w = new TrainingWarnings(warnings::add);
        w.onStart(plan(Gan.builder().objective(new org.gan4j.Objective.Wasserstein(0.01)).build()));
        for (long s = 1; s <= 2000; s++) {
            w.onStep(step(s, 0.99, 0.01));
        }
        assertThat(warnings).isEmpty();
        TrainingWarnings lsgan = new TrainingWarnings(warnings::add);
        lsgan.onStart(plan(Gan.builder().objective(new org.gan4j.Objective.LeastSquares()).build()));
        for (long s = 1; s <= 2000; s++) {
            lsgan.onStep(step(s, 0.99, 0.01));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aGeneratorThatIgnoresItsNoiseIsReportedAsCollapsed() {
        List<String> warnings = new ArrayList<>();
        TrainingWarnings w = new TrainingWarnings(warnings::add);
        w.onStart(plan());
        var engine = Gan.engine();
        var healthy = engine.generator(Mlp.referenceGenerator().generatorSpec(64, 784), DataType.FLOAT, 1);
        EpochSummary summary = new EpochSummary(3, 939, 313, 0.5, 1.0, 0.6, 0.4, java.time.Duration.ZERO);
        w.onEpochEnd(summary, new TrainedGenerator(healthy, 28, 28, 1, 0));
        assertThat(warnings).as("random initial weights still vary with the noise").isEmpty();
        var collapsed = engine.generator(Mlp.referenceGenerator().generatorSpec(64, 784), DataType.FLOAT, 1);
        collapsed.parameters().muli(0); // every output is tanh(0): one image whatever the noise
        w.onEpochEnd(summary, new TrainedGenerator(collapsed, 28, 28, 1, 0));
        assertThat(warnings).singleElement().asString().contains("after epoch 3").contains("mode collapse");
    }
}
