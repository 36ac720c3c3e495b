package org.gan4j.nd4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import org.gan4j.SeededRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU fast path's float code (what training runs; gradient checks exercise its double code) against the
 * portable ND4J ops, op by op, on the shapes of the reference step.
 */
class KernelAgreementTest {

    private final Kernels portable = new PortableKernels();
    private final Kernels cpu = new CpuKernels();

    private static INDArray random(long seed, int rows, int cols, double scale) {
        SeededRandom r = new SeededRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    /** Runs {@code op} with each implementation on copies of the same output buffer and compares the results. */
    private void agree(String what, INDArray out, BiConsumer<Kernels, INDArray> op, double tolerance) {
        INDArray a = out.dup();
        INDArray b = out.dup();
        op.accept(portable, a);
        op.accept(cpu, b);
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertThat(diff).as(what).isLessThanOrEqualTo(tolerance);
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void elementwiseOpsAgree() {
        INDArray x = random(1, 32, 784, 2);
        INDArray dy = random(2, 32, 784, 1);
        INDArray y = x.dup();
        agree("leakyRelu", y, (k, o) -> k.leakyRelu(x, o, 0.01), 0);
        INDArray lr = y.dup();
        new PortableKernels().leakyRelu(x, lr, 0.01);
        agree("leakyReluBackward", y, (k, o) -> k.leakyReluBackward(lr, dy, o, 0.01), 0);
        agree("tanh", y, (k, o) -> k.tanh(x, o), 1e-6);
        INDArray t = y.dup();
        new PortableKernels().tanh(x, t);
        agree("tanhBackward", y, (k, o) -> k.tanhBackward(t, dy, o), 1e-6);
        agree("sigmoid", y, (k, o) -> k.sigmoid(x, o), 1e-6);
        agree("sigmoidBackward", y, (k, o) -> k.sigmoidBackward(t, dy, o), 1e-6);
        INDArray bias = random(3, 1, 784, 1).reshape(784);
        agree("addRowVector", x, (k, o) -> k.addRowVector(o, bias), 1e-6);
        INDArray sums = random(4, 1, 784, 1).reshape(784);
        agree("columnSums accumulate", sums, (k, o) -> k.columnSums(dy, o, true), 1e-5);
        agree("columnSums overwrite", sums, (k, o) -> k.columnSums(dy, o, false), 1e-5);
        agree("zero", sums, Kernels::zero, 0);
    }

    @Test
    void branchFreeLeakyReluBackwardIsExactAtTheEdges() {
        float[] out = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-39f, -1e-39f, 1e-30f, 3.5f, -3.5f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] dy = {1.5f, -2.25f, 0.3f, -0.7f, 1e-20f, 3e20f, -1f, 0.1f, 0.1f, 2f, 2f, -1f, -1f};
        INDArray o = Nd4j.createFromArray(out).reshape(1, out.length);
        INDArray g = Nd4j.createFromArray(dy).reshape(1, dy.length);
        for (double slope : new double[] {0, 0.01, 0.2}) {
            INDArray dx = Nd4j.create(DataType.FLOAT, 1, out.length);
            cpu.leakyReluBackward(o, g, dx, slope);
            for (int i = 0; i < out.length; i++) {
                float expected = out[i] > 0 ? dy[i] : dy[i] * (float) slope;
                assertThat(dx.getFloat(i)).as("slope %s, out %s", slope, out[i]).isEqualTo(expected);
            }
        }
    }

    @Test
    void gemmAgreesInEveryTransposition() {
        INDArray a = random(5, 32, 64, 1);
        INDArray w = random(6, 256, 64, 1);
        INDArray c = random(7, 32, 256, 1);
        agree("x w^T", c, (k, o) -> k.gemm(a, false, w, true, o, 1, 0), 1e-4);
        INDArray dy = random(8, 32, 256, 1);
        INDArray dw = random(9, 256, 64, 1);
        agree("dW += dy^T x", dw, (k, o) -> k.gemm(dy, true, a, false, o, 1, 1), 1e-4);
        INDArray dx = random(10, 32, 64, 1);
        agree("dx = dy w", dx, (k, o) -> k.gemm(dy, false, w, false, o, 1, 0), 1e-4);
    }

    @Test
    void lossAndAdamAgree() {
        INDArray logits = random(11, 32, 1, 3);
        INDArray g1 = Nd4j.zeros(DataType.FLOAT, 32, 1);
        INDArray g2 = Nd4j.zeros(DataType.FLOAT, 32, 1);
        double l1 = portable.bceWithLogits(logits, 1, g1, 0.5 / 32);
        double l2 = cpu.bceWithLogits(logits, 1, g2, 0.5 / 32);
        assertThat(l2).isCloseTo(l1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(g1.sub(g2).amaxNumber().doubleValue()).isLessThan(1e-8);
        assertThat(cpu.meanSigmoid(logits)).isCloseTo(portable.meanSigmoid(logits),
                org.assertj.core.data.Offset.offset(1e-12));

        INDArray p1 = random(12, 1, 1000, 0.1).reshape(1000);
        INDArray p2 = p1.dup();
        INDArray grads = random(13, 1, 1000, 0.01).reshape(1000);
        AdamState s1 = portable.adamState(p1, grads);
        AdamState s2 = cpu.adamState(p2, grads);
        for (int t = 1; t <= 5; t++) {
            s1.update(3e-4, 0.9, 0.999, 1e-8, t);
            s2.update(3e-4, 0.9, 0.999, 1e-8, t);
        }
        assertThat(p1.sub(p2).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(s1.secondMoment().sub(s2.secondMoment()).amaxNumber().doubleValue()).isLessThan(1e-9);
    }

    @Test
    void copyColumnsWritesOnlyItsBlockAndAgrees() {
        INDArray src = random(7, 5, 12, 1.0);
        INDArray dst = random(8, 5, 9, 1.0);
        INDArray before = dst.dup();
        INDArray a = dst.dup();
        INDArray b = dst.dup();
        portable.copyColumns(src, 3, a, 2, 6);
        cpu.copyColumns(src, 3, b, 2, 6);
        assertThat(b).isEqualTo(a);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 9; c++) {
                float expected = c >= 2 && c < 8 ? src.getFloat(r, c + 1) : before.getFloat(r, c);
                assertThat(b.getFloat(r, c)).as("[%d, %d]", r, c).isEqualTo(expected);
            }
        }
    }
}
