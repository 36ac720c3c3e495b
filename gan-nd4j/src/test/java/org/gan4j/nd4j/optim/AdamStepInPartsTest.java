package org.gan4j.nd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.Dense;
import org.gan4j.nd4j.layers.Dropout;
import org.gan4j.nd4j.layers.LeakyRelu;
import org.gan4j.nd4j.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Adam applied layer by layer during the backward pass leaves the bits of one update after it. */
class AdamStepInPartsTest {

    /**
     * 12,120 + 6,050 + 51 parameters: the first layer's range ends inside the float update's second chunk of 8,192,
     * the last layer's ranges are a few values.
     */
    private static Sequential network(Kernels k, DataType type) {
        return new Sequential(k, type, List.of(new Dense(k, type, 100, 120), new LeakyRelu(k, type, 120, 0.2),
                new Dropout(k, type, 120, 0.3, 7), new Dense(k, type, 120, 50), new LeakyRelu(k, type, 50, 0.2),
                new Dense(k, type, 50, 1))).initialize(3);
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        TestKernels.all().forEach(k -> {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                all.add(Arguments.of(k, type, 0.0));
                all.add(Arguments.of(k, type, 0.02));
            }
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} clip {2}")
    @MethodSource("cases")
    void partsDuringTheBackwardPassGiveTheBitsOfOneStepAfterIt(Kernels k, DataType type, double clip) {
        Sequential whole = network(k, type);
        Sequential parts = network(k, type);
        Adam wholeAdam = new Adam(k, whole, 1e-2, 0.5, 0.999, 1e-8);
        Adam partsAdam = new Adam(k, parts, 1e-2, 0.5, 0.999, 1e-8);
        if (clip > 0) {
            wholeAdam.clipParameters(clip);
            partsAdam.clipParameters(clip);
        }
        double[] initial = whole.parameters().toDoubleVector();
        for (int step = 0; step < 4; step++) {
            INDArray x = Nd4j.rand(type, 16, 100).subi(0.5);
            INDArray gradOut = Nd4j.rand(type, 16, 1).subi(0.5);
            whole.forward(x, true);
            whole.zeroGrad();
            whole.backwardParameters(gradOut);
            wholeAdam.step();
            parts.forward(x, true);
            parts.zeroGrad();
            StepInParts open = partsAdam.beginStepInParts();
            parts.backwardParameters(gradOut, open);
            open.end();
        }
        assertThat(partsAdam.steps()).isEqualTo(4);
        assertThat(bits(parts.parameters())).as("parameters").containsExactly(bits(whole.parameters()));
        assertThat(bits(partsAdam.state("m"))).as("m").containsExactly(bits(wholeAdam.state("m")));
        assertThat(bits(partsAdam.state("v"))).as("v").containsExactly(bits(wholeAdam.state("v")));
        // the comparison compared updates: every layer moved (a step that updated nothing would also match)
        double[] now = whole.parameters().toDoubleVector();
        for (int[] layer : new int[][] {{0, 12120}, {12120, 18170}, {18170, 18221}}) {
            assertThat(changed(initial, now, layer[0], layer[1])).as("parameters %s", layer[0]).isGreaterThan(0.9);
        }
    }

    @Test
    void aStepThatMissesOrRepeatsAPartIsRefused() {
        Kernels k = TestKernels.all().toList().get(1);
        Sequential net = network(k, DataType.FLOAT);
        Adam adam = new Adam(k, net, 1e-3, 0.9, 0.999, 1e-8);
        StepInParts missing = adam.beginStepInParts();
        missing.ready(0, 12120);
        assertThatThrownBy(missing::end).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("updated 12120 parameter values, the network has 18221");
        StepInParts twice = adam.beginStepInParts();
        twice.ready(0, 18221);
        twice.ready(18170, 18221);
        assertThatThrownBy(twice::end).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("updated 18272");
        assertThatThrownBy(() -> adam.beginStepInParts().ready(18000, 18300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[18000, 18300) are not a range of the 18221 parameters");
        assertThatThrownBy(adam::beginStepInParts).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("previous step in parts was not ended");
    }

    @Test
    void partsAreOfferedWhereTheyPay() {
        List<Kernels> kernels = TestKernels.all().toList(); // portable, then cpu
        Sequential onOps = network(kernels.get(0), DataType.FLOAT);
        Sequential onHeap = network(kernels.get(1), DataType.FLOAT);
        assertThat(new Adam(kernels.get(0), onOps, 1e-3, 0.9, 0.999, 1e-8).stepsInParts()).isFalse();
        assertThat(new Adam(kernels.get(1), onHeap, 1e-3, 0.9, 0.999, 1e-8).stepsInParts()).isTrue();
    }

    @Test
    void optimizersWithoutPartsSayWhich() {
        Kernels k = TestKernels.all().toList().get(1);
        Sequential net = network(k, DataType.FLOAT);
        Optimizer sgd = Optimizers.create(k, net, org.gan4j.optim.OptimizerSpec.sgd(0.1, 0.0),
                org.gan4j.optim.LearningRateSchedule.constant(), 1);
        assertThat(sgd.stepsInParts()).isFalse();
        assertThatThrownBy(sgd::beginStepInParts).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not update in parts");
    }

    private static double changed(double[] before, double[] after, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += before[i] != after[i] ? 1 : 0;
        }
        return n / (double) (to - from);
    }

    private static long[] bits(INDArray a) {
        double[] v = a.toDoubleVector();
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }
}
