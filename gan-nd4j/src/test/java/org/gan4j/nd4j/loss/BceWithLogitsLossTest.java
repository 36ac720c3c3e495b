package org.gan4j.nd4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.gan4j.nd4j.GradientCheck;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BceWithLogitsLossTest {

    private static INDArray column(double... v) {
        return Nd4j.createFromArray(v).reshape('c', v.length, 1);
    }

    /** PyTorch's BCELoss on probabilities: -mean(t log p + (1 - t) log(1 - p)), each log clamped at -100. */
    private static double torchBce(INDArray logits, double target) {
        double sum = 0;
        for (double x : logits.toDoubleVector()) {
            double p = 1 / (1 + Math.exp(-x));
            sum -= target * Math.max(Math.log(p), -100) + (1 - target) * Math.max(Math.log(1 - p), -100);
        }
        return sum / logits.length();
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void matchesPyTorchBceOnSigmoidOutputs(Kernels k) {
        BceWithLogitsLoss loss = new BceWithLogitsLoss(k);
        INDArray real = column(2.0, -0.5, 0.3, 4.0);
        INDArray fake = column(-1.0, 0.7, -3.0);
        INDArray gr = Nd4j.zeros(DataType.DOUBLE, 4, 1);
        INDArray gf = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        double lossD = loss.discriminatorLoss(real, fake, gr, gf);
        assertThat(lossD).isCloseTo((torchBce(real, 1) + torchBce(fake, 0)) / 2, offset(1e-12));
        double lossG = loss.generatorLoss(fake, gf);
        assertThat(lossG).isCloseTo(torchBce(fake, 1), offset(1e-12));
        // A hand-computed value: BCE(sigmoid(0), 1) = log 2.
        assertThat(loss.generatorLoss(column(0.0), Nd4j.zeros(DataType.DOUBLE, 1, 1)))
                .isCloseTo(Math.log(2), offset(1e-15));
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void staysFiniteForASaturatedDiscriminator(Kernels k) {
        BceWithLogitsLoss loss = new BceWithLogitsLoss(k);
        INDArray grad = Nd4j.zeros(DataType.FLOAT, 2, 1);
        INDArray logits = Nd4j.createFromArray(-200f, 200f).reshape('c', 2, 1);
        double value = loss.generatorLoss(logits, grad);
        assertThat(value).isCloseTo(100.0, offset(1e-3)); // (200 + ~0) / 2
        assertThat(grad.getDouble(0)).isCloseTo(-0.5, offset(1e-6));
        assertThat(grad.getDouble(1)).isCloseTo(0.0, offset(1e-6));
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void gradientsMatchFiniteDifferences(Kernels k) {
        BceWithLogitsLoss loss = new BceWithLogitsLoss(k);
        INDArray real = column(1.5, -0.5, 0.25, 3.0);
        INDArray fake = column(-1.0, 0.75, -2.5, 0.1);
        INDArray gr = Nd4j.zeros(DataType.DOUBLE, 4, 1);
        INDArray gf = Nd4j.zeros(DataType.DOUBLE, 4, 1);
        loss.discriminatorLoss(real, fake, gr, gf);
        INDArray scratchR = gr.dup();
        INDArray scratchF = gf.dup();
        GradientCheck.check("lossD/real", real, gr,
                () -> loss.discriminatorLoss(real, fake, scratchR, scratchF), 1e-5);
        GradientCheck.check("lossD/fake", fake, gf,
                () -> loss.discriminatorLoss(real, fake, scratchR, scratchF), 1e-5);
        INDArray gg = Nd4j.zeros(DataType.DOUBLE, 4, 1);
        loss.generatorLoss(fake, gg);
        GradientCheck.check("lossG/fake", fake, gg, () -> loss.generatorLoss(fake, scratchF), 1e-5);
    }
}
