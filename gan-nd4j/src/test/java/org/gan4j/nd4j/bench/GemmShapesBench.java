package org.gan4j.nd4j.bench;

import java.util.Arrays;
import java.util.Locale;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products of DCGAN's layers at batch 64, each alone ({@code cblas_sgemm} through {@link CpuKernels}, 1
 * thread): what the layers' GEMMs could reach, to tell GEMM time from the time around it. Run like
 * {@link DcganLayerBench}.
 */
public final class GemmShapesBench {

    private GemmShapesBench() {
    }

    static void time(Kernels k, String what, int m, int n, int kk, boolean ta, boolean tb) {
        INDArray a = Nd4j.rand(DataType.FLOAT, ta ? kk : m, ta ? m : kk);
        INDArray b = Nd4j.rand(DataType.FLOAT, tb ? n : kk, tb ? kk : n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        long[] t = new long[15];
        for (int i = -5; i < t.length; i++) {
            long t0 = System.nanoTime();
            k.gemm(a, ta, b, tb, c, 1, 0);
            if (i >= 0) {
                t[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(t);
        double ms = t[t.length / 2] / 1e6;
        System.out.printf(Locale.ROOT, "%-44s M %5d N %5d K %5d %s%s %8.3f ms %6.1f GFLOP/s%n", what, m, n, kk,
                ta ? "T" : "N", tb ? "T" : "N", ms, 2.0 * m * n * kk / ms / 1e6);
    }

    public static void main(String[] args) {
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Kernels k = new CpuKernels();
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        time(k, "reference MLP: x W^T 32x784 . 784x128", 32, 128, 784, false, true);
        time(k, "D conv2 forward W . col", 128, b * 49, 1024, false, false);
        time(k, "D conv2 dW = dY' col^T", 128, 1024, b * 49, false, true);
        time(k, "D conv2 dcol = W^T dY' (= G convT1 fwd)", 1024, b * 49, 128, true, false);
        time(k, "G convT1 dW = X' dcol^T", 128, 1024, b * 49, false, true);
        time(k, "G convT1 dX' = W dcol", 128, b * 49, 1024, false, false);
        time(k, "D conv1 forward W . col", 64, b * 196, 16, false, false);
        time(k, "D conv1 dW", 64, 16, b * 196, false, true);
        time(k, "G convT2 fwd W^T X'", 16, b * 196, 64, true, false);
        time(k, "G convT2 dX' = W dcol", 64, b * 196, 16, false, false);
        time(k, "G dense 64->6272", b, 6272, 64, false, true);
        time(k, "conv2 forward per image (x64 for the batch)", 128, 49, 1024, false, false);
        time(k, "conv2 dcol per image (x64 for the batch)", 1024, 49, 128, true, false);
        for (int images : new int[] {4, 8, 16, 32}) {
            time(k, "conv2 dcol per " + images + " images (x" + (b / images) + ")", 1024, 49 * images, 128, true,
                    false);
        }
    }
}
