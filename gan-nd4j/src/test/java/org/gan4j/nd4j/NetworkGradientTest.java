package org.gan4j.nd4j;

import org.gan4j.Mlp;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.loss.BceWithLogitsLoss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of one full discriminator and generator step: the real GAN losses, through small
 * versions of the reference networks, in double precision.
 */
class NetworkGradientTest {

    private static final DataType D = DataType.DOUBLE;
    private static final double MAX_RELATIVE = 1e-3;
    private static final int Z = 4;
    private static final int IMAGE = 6;
    private static final int BATCH = 3;

    private static INDArray gaussian(SeededRandom r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void discriminatorLossGradient(Kernels k) {
        Sequential d = new NetworkFactory(k).build(Mlp.of(org.gan4j.Activation.leakyRelu(0.2),
                org.gan4j.Activation.identity(), 5).discriminatorSpec(IMAGE), D, 1);
        BceWithLogitsLoss loss = new BceWithLogitsLoss(k);
        SeededRandom r = new SeededRandom(3);
        INDArray realAndFake = Nd4j.concat(0, gaussian(r, BATCH, IMAGE).muli(0.8), gaussian(r, BATCH, IMAGE));
        INDArray grad = Nd4j.zeros(D, 2 * BATCH, 1);
        INDArray gradReal = grad.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, BATCH),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray gradFake = grad.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(BATCH, 2 * BATCH),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        java.util.function.DoubleSupplier lossD = () -> {
            INDArray logits = d.forward(realAndFake, true);
            return loss.discriminatorLoss(logits.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, BATCH),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()),
                    logits.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(BATCH, 2 * BATCH),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()), gradReal, gradFake);
        };
        lossD.getAsDouble();
        d.zeroGrad();
        INDArray dInput = d.backward(grad).dup();
        INDArray analytic = d.gradients().dup();
        GradientCheck.check("D parameters", d.parameters(), analytic, lossD, MAX_RELATIVE);
        GradientCheck.check("D input", realAndFake, dInput, lossD, MAX_RELATIVE);
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void generatorLossGradientThroughTheDiscriminator(Kernels k) {
        NetworkFactory factory = new NetworkFactory(k);
        Sequential g = factory.build(Mlp.of(org.gan4j.Activation.leakyRelu(0.01), org.gan4j.Activation.tanh(), 7)
                .generatorSpec(Z, IMAGE), D, 2);
        Sequential d = factory.build(Mlp.referenceDiscriminator().discriminatorSpec(IMAGE), D, 3);
        BceWithLogitsLoss loss = new BceWithLogitsLoss(k);
        INDArray z = gaussian(new SeededRandom(4), BATCH, Z);
        INDArray gradLogits = Nd4j.zeros(D, BATCH, 1);
        java.util.function.DoubleSupplier lossG = () -> loss.generatorLoss(d.forward(g.forward(z, true), true),
                gradLogits);
        lossG.getAsDouble();
        INDArray gradFake = d.backwardInput(gradLogits);
        g.zeroGrad();
        g.backward(gradFake);
        INDArray analytic = g.gradients().dup();
        GradientCheck.check("G parameters", g.parameters(), analytic, lossG, MAX_RELATIVE);
    }
}
