package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Recipes;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.EvaluationReport;
import org.gan4j.eval.FeatureNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Evaluations during training, on real digits with the shipped MNIST feature network. */
class PeriodicEvaluationTest {

    private static Dataset digits;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 600);
    }

    private static GanConfig.Builder run(long steps) {
        return Gan.builder().maxSteps(steps).seed(5);
    }

    @Test
    void evaluationsArriveInStepOrderThenTheFinalOneAndLeaveTheTrainingBitsAlone() {
        Evaluation atEnd = Evaluation.builder(FeatureNetwork.mnist(), digits).samples(300).references(300)
                .kidSubsets(3).build();
        Evaluation during = atEnd.toBuilder().samples(100).build();
        List<EvaluationReport> reports = new ArrayList<>();
        GanResult with = run(60).evaluateEvery(20, during, atEnd).listener(new TrainingListener() {
            @Override
            public void onEvaluation(EvaluationReport report) {
                reports.add(report);
            }
        }).train(digits);
        GanResult without = run(60).train(digits);

        assertThat(reports).extracting(EvaluationReport::step).containsExactly(20L, 40L, 60L, 60L);
        assertThat(reports).extracting(EvaluationReport::last).containsExactly(false, false, false, true);
        assertThat(reports.get(0).result().samples()).isEqualTo(100);
        assertThat(reports.get(3).result().samples()).as("the final evaluation's protocol").isEqualTo(300);
        assertThat(reports.get(3).result().scalars()).as("the final evaluation is the protocol's evaluation of the "
                + "generator the run hands out").isEqualTo(atEnd.evaluate(with.generator()).scalars());
        assertThat(reports.get(0).result().fid()).as("step 20 and step 60 measure different generators")
                .isNotEqualTo(reports.get(2).result().fid());
        assertThat(with.generator().network().parameters().data().asFloat())
                .as("training with evaluations gives the same bits as without")
                .isEqualTo(without.generator().network().parameters().data().asFloat());
    }

    @Test
    void aConditionalRunIsEvaluatedAsConditionalDuringTraining() {
        // the copy an evaluation during training scores must know the classes (it samples them in turn); without
        // them it was scored as an unconditional generator
        Evaluation during = Evaluation.builder(FeatureNetwork.mnist(), digits).samples(100).references(300)
                .kidSubsets(3).build();
        List<EvaluationReport> reports = new ArrayList<>();
        GanResult result = Recipes.cgan().maxSteps(40).seed(5).evaluateEvery(40, during, null)
                .listener(new TrainingListener() {
                    @Override
                    public void onEvaluation(EvaluationReport report) {
                        reports.add(report);
                    }
                }).train(digits);
        assertThat(reports).singleElement().extracting(EvaluationReport::step).isEqualTo(40L);
        assertThat(reports.get(0).result().scalars()).as("the step-40 copy scored as the finished generator is")
                .isEqualTo(during.evaluate(result.generator()).scalars());
    }

    @Test
    void aGeneratorThatCannotBeCopiedIsRefusedBeforeTheFirstStep() {
        Nd4jEngine engine = new Nd4jEngine(new org.gan4j.nd4j.kernels.CpuKernels());
        GanConfig plain = run(1).build();
        org.gan4j.Generator own = new org.gan4j.testing.ForwardingGenerator(engine.generator(
                plain.generatorSpec(digits.imageShape()), org.nd4j.linalg.api.buffer.DataType.FLOAT, 1L));
        Evaluation during = Evaluation.builder(FeatureNetwork.mnist(), digits).samples(100).references(300).build();
        List<Long> steps = new ArrayList<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Nd4jTrainer(engine).train(run(1000)
                .generator(own).evaluateEvery(500, during, null).listener(new TrainingListener() {
                    @Override
                    public void onStep(org.gan4j.StepMetrics m) {
                        steps.add(m.step());
                    }
                }).build(), digits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not implement Network.copy()");
        assertThat(steps).as("refused before training").isEmpty();
    }

    @Test
    void aTrainedGeneratorScoresFarBetterThanAFreshOneOnTheSameProtocol() throws IOException {
        Dataset all = Mnist.load(TrainingTest.MNIST);
        Evaluation protocol = Evaluation.builder(FeatureNetwork.mnist(), all).samples(500).references(2000)
                .kidSubsets(3).build();
        // mlp-tuned draws digit shapes within 1,500 steps (measured: FID 6847 fresh, 830 after 1,500 steps at 1,000
        // samples); the reference configuration still draws noise-like blobs at that point
        var fresh = protocol.evaluate(Recipes.mlpTuned().maxSteps(1).seed(5).train(all).generator());
        var trained = protocol.evaluate(Recipes.mlpTuned().maxSteps(1500).seed(5).train(all).generator());
        assertThat(trained.fid()).as("FID after 1,500 steps vs after one (%s)", fresh.fid())
                .isLessThan(fresh.fid() / 3);
        assertThat(trained.precision()).as("precision").isGreaterThan(fresh.precision() + 0.1);
        assertThat(trained.classEntropy()).as("classes drawn").isGreaterThan(fresh.classEntropy());
    }
}
