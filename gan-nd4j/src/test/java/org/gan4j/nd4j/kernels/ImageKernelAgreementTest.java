package org.gan4j.nd4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import org.gan4j.SeededRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU fast path's float image kernels (im2col, col2im, regrouping, channel sums, batch norm, masks) against the
 * portable ND4J ops, on DCGAN's shapes and on odd ones.
 */
class ImageKernelAgreementTest {

    private final Kernels portable = new PortableKernels();
    private final Kernels cpu = new CpuKernels();

    private static INDArray random(long seed, long rows, long cols, double scale) {
        SeededRandom r = new SeededRandom(seed);
        float[] v = new float[Math.toIntExact(rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    private static INDArray vector(long seed, int n, double offset) {
        return random(seed, 1, n, 1).reshape(n).add(offset);
    }

    /** Runs {@code op} with each implementation on copies of the same output buffer and compares the results. */
    private void agree(String what, INDArray out, BiConsumer<Kernels, INDArray> op, double tolerance) {
        INDArray a = out.dup();
        INDArray b = out.dup();
        op.accept(portable, a);
        op.accept(cpu, b);
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        double scale = Math.max(1, a.amaxNumber().doubleValue());
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertThat(diff).as(what).isLessThanOrEqualTo(tolerance * scale);
    }

    private void im2colAndBack(String what, ConvGeometry g, int rows) {
        INDArray x = random(1, rows, g.imageSize(), 1);
        INDArray col = random(2, g.patchSize(), (long) rows * g.positions(), 1);
        agree(what + " im2col", col, (k, o) -> k.im2col(x, g, o), 0);
        INDArray img = random(3, rows, g.imageSize(), 1);
        agree(what + " col2im", img, (k, o) -> k.col2im(col, g, o), 1e-6);
    }

    @Test
    void im2colAndCol2imAgree() {
        im2colAndBack("D conv1", new ConvGeometry(1, 28, 28, 4, 2, 1), 64);
        im2colAndBack("D conv2", new ConvGeometry(64, 14, 14, 4, 2, 1), 8);
        im2colAndBack("odd", new ConvGeometry(3, 5, 9, 3, 2, 1), 3);
        im2colAndBack("stride 1", new ConvGeometry(2, 7, 7, 5, 1, 1), 2);
        im2colAndBack("kernel over the padded edge", new ConvGeometry(2, 1, 3, 5, 1, 2), 2);
    }

    @Test
    void transposedConvolutionAgrees() {
        // D conv2's input gradient (= G convT1's forward, with a bias) over several blocks, a last partial block
        ConvGeometry conv2 = new ConvGeometry(64, 14, 14, 4, 2, 1);
        INDArray w2 = random(20, 128, conv2.patchSize(), 0.05);
        INDArray dy2 = random(21, 128, 19L * conv2.positions(), 1);
        INDArray dx2 = random(22, 19, conv2.imageSize(), 1);
        agree("conv2 input gradient", dx2, (k, o) -> k.transposedConvolution(w2, dy2, conv2, null, o), 1e-5);
        INDArray bias = vector(23, 64, 0);
        agree("with bias", dx2, (k, o) -> k.transposedConvolution(w2, dy2, conv2, bias, o), 1e-5);
        ConvGeometry odd = new ConvGeometry(3, 5, 9, 3, 2, 0);
        INDArray w = random(24, 4, odd.patchSize(), 1);
        INDArray in = random(25, 4, 3L * odd.positions(), 1);
        agree("odd", random(26, 3, odd.imageSize(), 1),
                (k, o) -> k.transposedConvolution(w, in, odd, vector(27, 3, 0), o), 1e-5);
    }

    @Test
    void regroupingBiasAndSumsAgree() {
        int rows = 16;
        int channels = 64;
        int positions = 49;
        INDArray images = random(4, rows, channels * positions, 1);
        INDArray byChannel = random(5, channels, (long) rows * positions, 1);
        INDArray bias = vector(6, channels, 0);
        agree("imagesToChannels", byChannel, (k, o) -> k.imagesToChannels(images, channels, o), 0);
        agree("channelsToImages", images, (k, o) -> k.channelsToImages(byChannel, channels, null, o), 0);
        agree("channelsToImages with bias", images, (k, o) -> k.channelsToImages(byChannel, channels, bias, o), 1e-6);
        agree("addChannelBias", images, (k, o) -> k.addChannelBias(o, channels, bias), 1e-6);
        INDArray sums = vector(7, channels, 0);
        agree("channelSums", sums, (k, o) -> k.channelSums(images, channels, o, false), 1e-5);
        agree("channelSums accumulate", sums, (k, o) -> k.channelSums(images, channels, o, true), 1e-5);
    }

    @Test
    void batchNormAgrees() {
        int rows = 32;
        int channels = 64;
        int positions = 196;
        INDArray x = random(8, rows, channels * positions, 2).add(0.5);
        INDArray dy = random(9, rows, channels * positions, 1);
        INDArray mean = Nd4j.zeros(DataType.FLOAT, channels);
        INDArray variance = Nd4j.zeros(DataType.FLOAT, channels);
        agree("mean", mean, (k, o) -> k.channelMeanVariance(x, channels, o, variance.dup()), 1e-5);
        agree("variance", variance, (k, o) -> k.channelMeanVariance(x, channels, mean.dup(), o), 1e-5);
        portable.channelMeanVariance(x, channels, mean, variance);
        INDArray gamma = vector(10, channels, 1);
        INDArray beta = vector(11, channels, 0);
        INDArray invStd = Nd4j.zeros(DataType.FLOAT, channels);
        INDArray y = x.dup();
        agree("batchNorm", y, (k, o) -> k.batchNorm(x, channels, mean, variance, 1e-5, gamma, beta, invStd.dup(), o),
                1e-5);
        agree("invStd", invStd, (k, o) -> k.batchNorm(x, channels, mean, variance, 1e-5, gamma, beta, o, y.dup()),
                1e-6);
        portable.batchNorm(x, channels, mean, variance, 1e-5, gamma, beta, invStd, y);
        INDArray sums = Nd4j.zeros(DataType.FLOAT, 2, channels);
        for (boolean batchStatistics : new boolean[] {true, false}) {
            agree("batchNormBackward dx " + batchStatistics, y, (k, o) -> k.batchNormBackward(x, dy, channels, mean,
                    invStd, gamma, batchStatistics, sums.dup(), o), 1e-5);
            agree("batchNormBackward sums " + batchStatistics, sums, (k, o) -> k.batchNormBackward(x, dy, channels,
                    mean, invStd, gamma, batchStatistics, o, null), 1e-5);
        }
        INDArray running = vector(12, channels, 1);
        agree("movingAverage", running, (k, o) -> k.movingAverage(o, variance, 0.1, 6272.0 / 6271), 1e-6);
    }

    @Test
    void elementwiseAgree() {
        INDArray x = random(13, 64, 512, 1);
        INDArray mask = random(14, 64, 512, 1);
        float[] bits = new float[64 * 512];
        SeededRandom r = new SeededRandom(15);
        for (int i = 0; i < bits.length; i++) {
            bits[i] = r.nextDouble() < 0.7 ? 1f : 0f;
        }
        new PortableKernels().copyFromHost(bits, mask);
        agree("applyMask", x.dup(), (k, o) -> k.applyMask(x, mask, 1 / 0.7, o), 0);
        INDArray src = random(16, 64, 512, 1);
        agree("add", x, (k, o) -> k.add(src, o), 0);
    }
}
