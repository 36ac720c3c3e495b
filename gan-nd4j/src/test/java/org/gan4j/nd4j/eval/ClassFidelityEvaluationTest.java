package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.data.Datasets;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.eval.Evaluator;
import org.gan4j.eval.FeatureNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Class fidelity in an evaluation: real digits with their own labels are labelled so by the shipped classifier
 * (99 % on held-out digits), the same digits with every label moved by one almost never.
 */
class ClassFidelityEvaluationTest {

    @Test
    void realDigitsFollowTheirOwnLabelsAndNotShiftedOnes() throws IOException {
        ImageDataset all = Mnist.load(Path.of("..", "data", "mnist"));
        Evaluator evaluator = Evaluation.builder(FeatureNetwork.mnist(), Datasets.first(all, 300)).kidSubsets(3)
                .build().evaluator();
        int n = 1000;
        INDArray digits = Datasets.firstImages(all, 2000).get(NDArrayIndex.interval(1000, 2000), NDArrayIndex.all());
        int[] labels = new int[n];
        int[] shifted = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = all.label(1000 + i);
            shifted[i] = (labels[i] + 1) % 10;
        }
        EvaluationResult own = evaluator.evaluate(digits, labels);
        assertThat(own.classFidelity()).hasSize(10).allSatisfy(f -> assertThat(f).isGreaterThan(0.93));
        assertThat(evaluator.evaluate(digits, shifted).classFidelity()).hasSize(10)
                .allSatisfy(f -> assertThat(f).isLessThan(0.05));
        EvaluationResult without = evaluator.evaluate(digits);
        assertThat(without.classFidelity()).isEmpty();
        assertThat(own.scalars()).as("the other figures do not depend on the labels").isEqualTo(without.scalars());
        assertThat(own.table()).contains("class fidelity");
        assertThat(own.toJson()).contains("\"classFidelity\": [");
    }

    @Test
    void labelsThatDoNotFitAreRefusedNamingWhatIsWrong() throws IOException {
        ImageDataset all = Mnist.load(Path.of("..", "data", "mnist"));
        Evaluator evaluator = Evaluation.builder(FeatureNetwork.mnist(), Datasets.first(all, 300)).kidSubsets(3)
                .build().evaluator();
        INDArray digits = Datasets.firstImages(all, 20);
        assertThatThrownBy(() -> evaluator.evaluate(digits, new int[19]))
                .hasMessageContaining("labels must be one per image: 20 images, got 19 labels");
        int[] bad = new int[20];
        bad[7] = 10;
        assertThatThrownBy(() -> evaluator.evaluate(digits, bad)).hasMessageContaining("label 7 is 10")
                .hasMessageContaining("classes 0..9");
        assertThat(ClassifierScore.fidelity(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {
            {0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}}), new int[] {0, 0, 0}, 2)).containsExactly(2.0 / 3, Double.NaN);
    }
}
