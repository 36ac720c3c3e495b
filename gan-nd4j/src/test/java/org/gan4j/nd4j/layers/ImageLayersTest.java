package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the image layers promise besides their gradients: shapes, modes, gradient modes, buffers, streams. */
class ImageLayersTest {

    private static final DataType D = DataType.DOUBLE;

    private static INDArray random(long seed, int rows, int cols) {
        return LayerGradientTest.awayFromZero(new SeededRandom(seed), rows, cols);
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void sizesFollowPyTorchsFormulas(Kernels k) {
        Conv2d conv = new Conv2d(k, D, 1, 28, 28, 64, 4, 2, 1);
        assertThat(conv.outputSize()).isEqualTo(64 * 14 * 14);
        assertThat(new Conv2d(k, D, 3, 5, 9, 2, 3, 2, 0).outputSize()).isEqualTo(2 * 2 * 4);
        ConvTranspose2d t = new ConvTranspose2d(k, D, 128, 7, 7, 64, 4, 2, 1, 0);
        assertThat(t.outputSize()).isEqualTo(64 * 14 * 14);
        assertThat(new ConvTranspose2d(k, D, 2, 3, 5, 3, 3, 2, 1, 1).outputSize()).isEqualTo(3 * 6 * 10);
        assertThat(conv.parameterCount()).isEqualTo(64 * 16 + 64);
        assertThat(t.parameterCount()).isEqualTo(128 * 64 * 16 + 64);
        assertThatThrownBy(() -> new ConvTranspose2d(k, D, 2, 3, 3, 2, 3, 2, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output padding");
        assertThatThrownBy(() -> new Conv2d(k, D, 2, 3, 3, 2, 7, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the padded input");
        assertThatThrownBy(() -> conv.forward(Nd4j.zeros(D, 2, 783), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Conv2d(1x28x28 -> 64x14x14")
                .hasMessageContaining("[2, 783]");
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void initialisationMatchesPyTorchsBounds(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Conv2d(k, D, 64, 14, 14, 128, 4, 2, 1),
                new ConvTranspose2d(k, D, 128, 7, 7, 64, 4, 2, 1, 0))).initialize(11);
        double convBound = 1 / Math.sqrt(64 * 16);
        double transposeBound = 1 / Math.sqrt(64 * 16); // fan-in from the weight's second dimension: out * k * k
        List<NamedParameter> p = net.namedParameters();
        assertThat(p).extracting(NamedParameter::name).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
        for (int i = 0; i < 4; i++) {
            double bound = i < 2 ? convBound : transposeBound;
            INDArray w = p.get(i).value();
            assertThat(w.amaxNumber().doubleValue()).as(p.get(i).name()).isLessThanOrEqualTo(bound)
                    .isGreaterThan(0.9 * bound);
        }
        assertThat(p.get(0).value().stdNumber().doubleValue())
                .isCloseTo(convBound / Math.sqrt(3), Offset.offset(convBound * 0.02));
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void gradientModesAndTheInputGradientFlag(Kernels k) {
        List<Function<Kernels, Layer>> makers = List.of(
                kk -> new Conv2d(kk, D, 2, 5, 5, 3, 3, 2, 1),
                kk -> new ConvTranspose2d(kk, D, 2, 3, 3, 3, 4, 2, 1, 0),
                kk -> BatchNorm.twoD(kk, D, 2, 3, 3),
                kk -> BatchNorm.oneD(kk, D, 5));
        for (Function<Kernels, Layer> make : makers) {
            Layer layer = make.apply(k);
            ConvLayerGradientTest.Bound b = ConvLayerGradientTest.Bound.of(layer, 5);
            INDArray x = random(1, 3, layer.inputSize());
            INDArray dOut = random(2, 3, layer.outputSize());
            layer.forward(x, true);
            b.grads().assign(7);
            INDArray dx = layer.backward(dOut, GradientMode.SKIP, true).dup();
            assertThat(b.grads().minNumber().doubleValue()).as(layer + " SKIP").isEqualTo(7.0);
            assertThat(b.grads().maxNumber().doubleValue()).as(layer + " SKIP").isEqualTo(7.0);
            layer.backward(dOut, GradientMode.OVERWRITE, true);
            INDArray once = b.grads().dup();
            assertThat(layer.backward(dOut, GradientMode.ACCUMULATE, false)).as(layer + " no input gradient")
                    .isNull();
            assertThat(b.grads().equalsWithEps(once.mul(2), 1e-12)).as(layer + " ACCUMULATE").isTrue();
            assertThat(layer.backward(dOut, GradientMode.SKIP, true).equalsWithEps(dx, 1e-12)).as(layer + " dx")
                    .isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void batchNormUpdatesRunningStatisticsOnlyInTrainMode(Kernels k) {
        BatchNorm bn = BatchNorm.twoD(k, D, 2, 2, 3);
        ConvLayerGradientTest.Bound.of(bn, 0);
        assertThat(bn.buffers()).extracting(NamedBuffer::name).containsExactly("running_mean", "running_var");
        INDArray mean = bn.buffers().get(0).value();
        INDArray var = bn.buffers().get(1).value();
        assertThat(mean.sumNumber().doubleValue()).isZero();
        assertThat(var.sumNumber().doubleValue()).isEqualTo(2.0);
        INDArray x = random(3, 4, 12);
        INDArray byChannel = x.reshape('c', 4, 2, 6).permute(1, 0, 2).dup('c').reshape('c', 2, 24);
        INDArray batchMean = byChannel.mean(1);
        INDArray unbiased = byChannel.var(true, 1);
        INDArray y = bn.forward(x, true).dup();
        assertThat(mean.equalsWithEps(batchMean.mul(0.1), 1e-12)).isTrue();
        assertThat(var.equalsWithEps(unbiased.mul(0.1).add(0.9), 1e-12)).isTrue();
        // Train mode normalises with the biased variance: every channel of y has mean 0 and variance ~1.
        INDArray yByChannel = y.reshape('c', 4, 2, 6).permute(1, 0, 2).dup('c').reshape('c', 2, 24);
        assertThat(yByChannel.mean(1).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(yByChannel.var(false, 1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-3);
        INDArray before = var.dup();
        bn.forward(x, false);
        assertThat(var.equalsWithEps(before, 0)).isTrue();
        assertThatThrownBy(() -> BatchNorm.oneD(k, D, 3).forward(Nd4j.zeros(D, 1, 3), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1 value per channel");
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 3, 12), bn));
        assertThat(net.namedBuffers()).extracting(NamedBuffer::name)
                .containsExactly("1.running_mean", "1.running_var");
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void dropoutIsInvertedAndItsStreamResumesExactly(Kernels k) {
        int size = 1000;
        Dropout dropout = new Dropout(k, D, size, 0.3, 5);
        INDArray x = random(4, 4, size);
        double[] y = dropout.forward(x, true).dup().data().asDouble();
        double[] in = x.data().asDouble();
        int zeros = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 0) {
                zeros++;
            } else {
                assertThat(y[i]).isEqualTo(in[i] * (1 / 0.7));
            }
        }
        assertThat(zeros / (double) y.length).isCloseTo(0.3, Offset.offset(0.03));
        assertThat(dropout.forward(x, false)).isSameAs(x);

        var saved = dropout.randomState();
        INDArray next = dropout.forward(x, true).dup();
        Dropout resumed = new Dropout(k, D, size, 0.3, 12345);
        resumed.restoreRandomState(saved);
        assertThat(resumed.forward(x, true).equalsWithEps(next, 0)).isTrue();
        assertThat(new Dropout(k, D, size, 1.0, 1).forward(x, true).amaxNumber().doubleValue()).isZero();
    }

    /**
     * Two workers, each with its {@link RowSlice}, apply the masks one process draws for the global batch to their
     * rows: over a pass of one segment (3 rows each of 6) and of two ([real; fake], 2 x 3 rows each of 2 x 6), the
     * workers' outputs are the process's rows, and the stream ends where the process's does.
     */
    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void dropoutOfAWorkerAppliesItsRowsOfTheGlobalBatchsMasks(Kernels k) {
        int size = 50;
        for (int segments = 1; segments <= 2; segments++) {
            int b = 3;
            INDArray global = random(3 + segments, segments * 2 * b, size); // no zeros of its own
            Dropout one = new Dropout(k, D, size, 0.4, 9);
            INDArray expected = one.forward(global, true).dup();
            for (int rank = 0; rank < 2; rank++) {
                Dropout worker = new Dropout(k, D, size, 0.4, 9);
                RowSlice rows = new RowSlice(rank, 2);
                rows.rowsPerWorker(b);
                worker.drawForRowsOf(rows);
                INDArray mine = Nd4j.create(DataType.DOUBLE, segments * b, size);
                for (int s = 0; s < segments; s++) {
                    for (int r = 0; r < b; r++) {
                        mine.putRow(s * b + r, global.getRow(s * 2 * b + rank * b + r));
                    }
                }
                INDArray y = worker.forward(mine, true);
                for (int s = 0; s < segments; s++) {
                    for (int r = 0; r < b; r++) {
                        assertThat(y.getRow(s * b + r).equalsWithEps(expected.getRow(s * 2 * b + rank * b + r), 0))
                                .as("rank %d, segment %d, row %d", rank, s, r).isTrue();
                    }
                }
                assertThat(worker.randomState()).isEqualTo(one.randomState());
            }
            assertThat(expected.eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue())
                    .as("masks that zero something").isPositive();
        }
    }
}
