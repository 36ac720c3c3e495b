package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.loss.BceWithLogitsLoss;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional step's plumbing, by finite differences in double precision on both kernel paths: the generator's
 * loss through D of {@code [G([z, onehot]), onehot]} has the gradient that the step computes from the image columns
 * of D's input gradient ({@link Conditioning#imageGradient}), and D's rows hold the images and one-hots it was given.
 */
class ConditioningGradientTest {

    private static final DataType D = DataType.DOUBLE;
    private static final int BATCH = 3;
    private static final int Z = 4;
    private static final int IMAGE = 6;
    private static final int CLASSES = 3;

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void theGeneratorLossGradientFlowsThroughTheImageColumns(Kernels k) {
        NetworkFactory factory = new NetworkFactory(k);
        Sequential g = factory.build(NetworkSpec.sequential(Shape.vector(Z + CLASSES), Layers.dense(5),
                Layers.leakyRelu(0.2), Layers.dense(IMAGE), Layers.tanh()), D, 2);
        Sequential d = factory.build(NetworkSpec.sequential(Shape.vector(IMAGE + CLASSES), Layers.dense(5),
                Layers.leakyRelu(0.2), Layers.dense(1)), D, 3);
        Conditioning c = new Conditioning(k, Z, IMAGE, CLASSES, D, () -> new SeededRandom(9));
        INDArray gIn = c.generatorInput(BATCH, new SeededRandom(4)).dup(); // fixed: z and the fake labels
        INDArray fakeRows = Nd4j.create(D, new long[] {2 * BATCH, IMAGE + CLASSES}, 'c')
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(BATCH, 2 * BATCH),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()); // a row view, as in the step
        BceWithLogitsLoss loss = new BceWithLogitsLoss(k);
        INDArray gradLogits = Nd4j.zeros(D, BATCH, 1);
        java.util.function.DoubleSupplier lossG = () -> {
            c.writeFakeRows(BATCH, g.forward(gIn, true), fakeRows);
            return loss.generatorLoss(d.forward(fakeRows, true), gradLogits);
        };
        lossG.getAsDouble();
        // D's fake rows: the images, then the one-hot of the labels G was given
        INDArray images = g.forward(gIn, true).dup();
        lossG.getAsDouble();
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < IMAGE; j++) {
                assertThat(fakeRows.getDouble(i, j)).isEqualTo(images.getDouble(i, j));
            }
            for (int j = 0; j < CLASSES; j++) {
                assertThat(fakeRows.getDouble(i, IMAGE + j)).isEqualTo(gIn.getDouble(i, Z + j));
            }
        }
        INDArray gradFake = c.imageGradient(BATCH, d.backwardInput(gradLogits));
        assertThat(gradFake.shape()).containsExactly(BATCH, IMAGE);
        g.zeroGrad();
        g.backward(gradFake);
        INDArray analytic = g.gradients().dup();
        GradientCheck.check("G parameters through [G(z, y), onehot(y)]", g.parameters(), analytic, lossG, 1e-5);
    }
}
