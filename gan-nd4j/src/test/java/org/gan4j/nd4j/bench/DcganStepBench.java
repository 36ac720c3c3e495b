package org.gan4j.nd4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.gan4j.SeededRandom;
import org.gan4j.data.Dataset;
import org.gan4j.data.Mnist;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.optim.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DCGAN's whole training step as {@code torch_recipes.py --recipe dcgan --bench} does it, on real MNIST batches:
 * {@code fake = G(z)}; D on the real batch and on the fake batch in separate passes (BatchNorm statistics per
 * batch), BCE with logits, one Adam update of D (2e-4, 0.5, 0.999); D on the same fake through the updated D, BCE
 * against 1, G's gradient through D, one Adam update of G. Prints steps/s (a speed check, not a test).
 *
 * <pre>
 * java -cp ... org.gan4j.nd4j.bench.DcganStepBench MNIST_DIR [steps] [warmup] [cpu|portable]
 * </pre>
 * Run like {@link DcganLayerBench}; MNIST_DIR holds {@code t10k-images-idx3-ubyte.gz}.
 */
public final class DcganStepBench {

    private DcganStepBench() {
    }

    public static void main(String[] args) throws Exception {
        Path mnist = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Kernels k = args.length > 3 && args[3].equals("portable") ? new PortableKernels() : new CpuKernels();
        int batch = 64;
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Dataset data = Mnist.load(mnist);
        Sequential g = DcganLayerBench.generator(k);
        Sequential d = DcganLayerBench.discriminator(k);
        Adam adamG = new Adam(k, g, 2e-4, 0.5, 0.999, 1e-8);
        Adam adamD = new Adam(k, d, 2e-4, 0.5, 0.999, 1e-8);
        SeededRandom random = new SeededRandom(0);
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        random.shuffle(order);
        float[] realHost = new float[batch * 784];
        float[] noiseHost = new float[batch * 64];
        INDArray real = Nd4j.create(DataType.FLOAT, batch, 784);
        INDArray z = Nd4j.create(DataType.FLOAT, batch, 64);
        INDArray gradReal = Nd4j.create(DataType.FLOAT, batch, 1);
        INDArray gradFake = Nd4j.create(DataType.FLOAT, batch, 1);
        INDArray gradG = Nd4j.create(DataType.FLOAT, batch, 1);
        int cursor = 0;
        long start = 0;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocatedBefore = 0;
        double lossD = 0;
        double lossG = 0;
        for (int step = -warmup; step < steps; step++) {
            if (step == 0) {
                start = System.nanoTime();
                allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            }
            if (cursor + batch > order.length) {
                random.shuffle(order);
                cursor = 0;
            }
            data.copyImages(order, cursor, batch, realHost); // values in [-1, 1]
            cursor += batch;
            k.copyFromHost(realHost, real);
            random.fillGaussian(noiseHost, noiseHost.length);
            k.copyFromHost(noiseHost, z);
            INDArray fake = g.forward(z, true);

            d.zeroGrad();
            INDArray realLogits = d.forward(real, true);
            lossD = k.bceWithLogits(realLogits, 1, gradReal, 0.5 / batch) / batch / 2;
            d.backwardParameters(gradReal);
            INDArray fakeLogits = d.forward(fake, true);
            lossD += k.bceWithLogits(fakeLogits, 0, gradFake, 0.5 / batch) / batch / 2;
            d.backwardParameters(gradFake);
            adamD.step();

            INDArray logits = d.forward(fake, true);
            lossG = k.bceWithLogits(logits, 1, gradG, 1.0 / batch) / batch;
            INDArray dFake = d.backwardInput(gradG);
            g.zeroGrad();
            g.backwardParameters(dFake);
            adamG.step();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.out.printf(Locale.ROOT, "RESULT impl=gan4j kernels=%s recipe=dcgan threads=1 batch=%d steps=%d "
                + "steps_per_s=%.2f ms_per_step=%.2f lossD=%.4f lossG=%.4f heap_bytes_per_step=%d%n", k.name(), batch,
                steps, steps / seconds, 1000 * seconds / steps, lossD, lossG, allocated / steps);
    }
}
