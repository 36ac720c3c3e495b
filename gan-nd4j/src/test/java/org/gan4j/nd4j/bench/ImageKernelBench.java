package org.gan4j.nd4j.bench;

import java.util.Arrays;
import java.util.Locale;
import org.gan4j.nd4j.kernels.ConvGeometry;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The CPU path's image kernels alone on DCGAN's shapes at batch 64 (ms per call, medians). Run like DcganLayerBench. */
public final class ImageKernelBench {

    private ImageKernelBench() {
    }

    interface Op {
        void run();
    }

    static void time(String what, Op op) {
        long[] t = new long[21];
        for (int i = -10; i < t.length; i++) {
            long t0 = System.nanoTime();
            op.run();
            if (i >= 0) {
                t[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%-46s %8.3f ms%n", what, t[t.length / 2] / 1e6);
    }

    public static void main(String[] args) {
        Kernels k = new CpuKernels();
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        ConvGeometry conv2 = new ConvGeometry(64, 14, 14, 4, 2, 1);
        ConvGeometry conv1 = new ConvGeometry(1, 28, 28, 4, 2, 1);
        INDArray x2 = Nd4j.rand(DataType.FLOAT, b, conv2.imageSize());
        INDArray col2 = Nd4j.create(DataType.FLOAT, conv2.patchSize(), (long) b * conv2.positions());
        INDArray x1 = Nd4j.rand(DataType.FLOAT, b, conv1.imageSize());
        INDArray col1 = Nd4j.create(DataType.FLOAT, conv1.patchSize(), (long) b * conv1.positions());
        time("im2col 64x14x14 k4 s2 p1 (D conv2, G convT1 bwd)", () -> k.im2col(x2, conv2, col2));
        time("col2im 64x14x14 k4 s2 p1", () -> k.col2im(col2, conv2, x2));
        time("im2col 1x28x28 k4 s2 p1 (D conv1, G convT2 bwd)", () -> k.im2col(x1, conv1, col1));
        time("col2im 1x28x28 k4 s2 p1", () -> k.col2im(col1, conv1, x1));
        INDArray w = Nd4j.rand(DataType.FLOAT, 128, conv2.patchSize());
        INDArray dyc = Nd4j.rand(DataType.FLOAT, 128, (long) b * conv2.positions());
        time("gemm W^T dY' (D conv2 input gradient)", () -> k.gemm(w, true, dyc, false, col2, 1, 0));
        time("  + col2im", () -> {
            k.gemm(w, true, dyc, false, col2, 1, 0);
            k.col2im(col2, conv2, x2);
        });
        time("transposedConvolution (blocks of images)", () -> k.transposedConvolution(w, dyc, conv2, null, x2));
        INDArray y = Nd4j.rand(DataType.FLOAT, b, 128 * 49);
        INDArray yc = Nd4j.create(DataType.FLOAT, 128, b * 49);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 128);
        time("imagesToChannels 128x7x7", () -> k.imagesToChannels(y, 128, yc));
        time("channelsToImages 128x7x7 + bias", () -> k.channelsToImages(yc, 128, bias, y));
        INDArray z = Nd4j.rand(DataType.FLOAT, b, 64 * 196);
        INDArray dz = Nd4j.rand(DataType.FLOAT, b, 64 * 196);
        INDArray out = Nd4j.create(DataType.FLOAT, b, 64 * 196);
        INDArray mean = Nd4j.create(DataType.FLOAT, 64);
        INDArray var = Nd4j.create(DataType.FLOAT, 64);
        INDArray inv = Nd4j.create(DataType.FLOAT, 64);
        INDArray gamma = Nd4j.ones(DataType.FLOAT, 64);
        INDArray sums = Nd4j.create(DataType.FLOAT, 2, 64);
        time("channelMeanVariance 64x14x14", () -> k.channelMeanVariance(z, 64, mean, var));
        time("batchNorm 64x14x14", () -> k.batchNorm(z, 64, mean, var, 1e-5, gamma, mean, inv, out));
        time("batchNormBackward 64x14x14", () -> k.batchNormBackward(z, dz, 64, mean, inv, gamma, true, sums, out));
        time("leakyRelu 64x14x14", () -> k.leakyRelu(z, out, 0.2));
        time("leakyReluBackward 64x14x14", () -> k.leakyReluBackward(z, dz, out, 0.2));
        time("channelSums 64x14x14", () -> k.channelSums(z, 64, mean, false));
        time("copy 64x14x14", () -> k.copy(z, out));
    }
}
