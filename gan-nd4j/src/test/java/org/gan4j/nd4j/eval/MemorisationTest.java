package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.nd4j.eval.PrecisionRecallTest.column;

import org.gan4j.nd4j.eval.Memorisation.Baseline;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MemorisationTest {

    private static INDArray images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, 784).muli(2).subi(1); // like images in [-1, 1]
    }

    @Test
    void copiesOfTrainingImagesAreAtDistanceZero() {
        INDArray training = images(120, 1);
        INDArray copies = training.get(NDArrayIndex.interval(10, 60), NDArrayIndex.all()).dup();
        Memorisation m = Memorisation.of(copies, training);
        assertThat(m.sampleMedian()).isEqualTo(0.0);
        assertThat(m.baselineMedian()).isGreaterThan(10); // independent uniform images are ~ sqrt(784 * 2/3) apart
        assertThat(m.baseline()).isEqualTo(Baseline.TRAINING_LEAVE_ONE_OUT);
        assertThat(m.samples()).isEqualTo(50);
        assertThat(m.training()).isEqualTo(120);
        assertThat(m.baselineCount()).isEqualTo(120);
    }

    @Test
    void farSamplesAreFar() {
        INDArray training = images(100, 2);
        INDArray far = images(30, 3).addi(5);
        Memorisation m = Memorisation.of(far, training);
        assertThat(m.sampleMedian()).isGreaterThan(5 * Math.sqrt(784) * 0.9).isGreaterThan(4 * m.baselineMedian());
    }

    @Test
    void theLeaveOneOutBaselineOnAHandMadeSet() {
        // nearest other: 0 -> 1, 1 -> 1, 3 -> 2, 6 -> 3, 10 -> 4: median 2
        assertThat(Memorisation.of(column(0), column(0, 1, 3, 6, 10)).baselineMedian()).isEqualTo(2.0);
        // an even count: 1, 1, 2, 3 -> (1 + 2) / 2
        Memorisation even = Memorisation.of(column(2.5, 7, 100), column(0, 1, 3, 6));
        assertThat(even.baselineMedian()).isEqualTo(1.5);
        // samples: 2.5 -> 0.5, 7 -> 1, 100 -> 94: median 1
        assertThat(even.sampleMedian()).isEqualTo(1.0);
    }

    @Test
    void aBaselineComputedOnceGivesWhatOfGives() {
        INDArray training = images(90, 4);
        INDArray samples = images(40, 5);
        double baseline = Memorisation.leaveOneOutMedian(training);
        assertThat(Memorisation.against(samples, training, baseline)).isEqualTo(Memorisation.of(samples, training));
        assertThat(baseline).isEqualTo(Memorisation.of(samples, training).baselineMedian()).isGreaterThan(10);
    }

    @Test
    void theHeldOutBaselineOnAHandMadeSet() {
        // held-out 1, 4, 12 against training {0, 10}: 1, 4, 2 -> median 2; samples 0, 10.5 -> 0, 0.5 -> 0.25
        Memorisation m = Memorisation.of(column(0, 10.5), column(0, 10), column(1, 4, 12));
        assertThat(m.baselineMedian()).isEqualTo(2.0);
        assertThat(m.sampleMedian()).isEqualTo(0.25);
        assertThat(m.baseline()).isEqualTo(Baseline.HELD_OUT);
        assertThat(m.samples()).isEqualTo(2);
        assertThat(m.training()).isEqualTo(2);
        assertThat(m.baselineCount()).isEqualTo(3);
        // one training image is enough with a held-out set
        assertThat(Memorisation.of(column(3), column(0), column(1)).baselineMedian()).isEqualTo(1.0);
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> Memorisation.of(column(0), column(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training must have at least 2");
        assertThatThrownBy(() -> Memorisation.of(Nd4j.rand(DataType.DOUBLE, 3, 784), Nd4j.rand(DataType.DOUBLE, 3,
                1024))).hasMessageContaining("samples and training must have the same number of columns")
                .hasMessageContaining("784 and 1024");
        assertThatThrownBy(() -> Memorisation.of(column(0), column(0, 1), Nd4j.rand(DataType.DOUBLE, 2, 2)))
                .hasMessageContaining("heldOut and training");
        assertThatThrownBy(() -> Memorisation.of(column(0), column(0, 1), column(Double.NaN)))
                .hasMessageContaining("heldOut must hold finite values");
    }
}
