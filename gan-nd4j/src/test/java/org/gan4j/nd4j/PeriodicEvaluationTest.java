package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
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
    void aLongerRunScoresBetterThanAFreshGeneratorOnTheSameProtocol() {
        Evaluation protocol = Evaluation.builder(FeatureNetwork.mnist(), digits).samples(300).references(600)
                .kidSubsets(3).build();
        double fresh = protocol.evaluate(run(1).train(digits).generator()).fid();
        double trained = protocol.evaluate(run(1500).train(digits).generator()).fid();
        assertThat(trained).as("FID after 1,500 steps vs after one (%s)", fresh).isLessThan(fresh * 0.7);
    }
}
