package org.gan4j.nd4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.lang.reflect.Proxy;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.gan4j.nd4j.layers.BatchNorm;
import org.gan4j.nd4j.layers.Conv2d;
import org.gan4j.nd4j.layers.ConvTranspose2d;
import org.gan4j.nd4j.layers.Dense;
import org.gan4j.nd4j.layers.GradientMode;
import org.gan4j.nd4j.layers.Layer;
import org.gan4j.nd4j.layers.LeakyRelu;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.layers.Tanh;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the time of DCGAN's forward and backward passes goes, layer by layer (a speed sanity check, not a test):
 * the shapes of {@code torch_recipes.py --recipe dcgan} at batch 64, float, 1 BLAS thread, as {@link Sequential}s.
 *
 * <pre>
 * ./mvnw -B -o -q -pl gan-nd4j -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * OPENBLAS_NUM_THREADS=1 java -cp gan-nd4j/target/test-classes:gan-nd4j/target/classes:gan-api/target/classes:$(cat \
 *     gan-nd4j/target/cp.txt) org.gan4j.nd4j.bench.DcganLayerBench [batch] [iterations] [cpu|portable]
 * </pre>
 *
 * Prints, per layer: ms of forward (train mode), of backward with parameter gradients (D's step, G's step) and of
 * backward for the input gradient only (through D for G's step), and the GFLOP/s of the layers' matrix products;
 * then a training step's worth of passes (G forward, D forward 3x, D backward with parameters 2x, D backward for
 * the input 1x, G backward 1x). {@code gan4j bench --recipe dcgan} times the library's whole step, to compare with
 * {@code torch_recipes.py --recipe dcgan --bench} on the same machine (bench/dcgan-compare.sh runs both).
 */
public final class DcganLayerBench {

    private static final DataType F = DataType.FLOAT;

    private DcganLayerBench() {
    }

    /** GEMM floating-point operations of one forward pass of a layer at this batch size (backward: 2x). */
    static double forwardFlops(Layer layer, int batch) {
        if (layer instanceof Dense || layer instanceof Conv2d || layer instanceof ConvTranspose2d) {
            long params = layer.parameterCount();
            if (layer instanceof Dense) {
                return 2.0 * batch * (params - layer.outputSize());
            }
            if (layer instanceof Conv2d c) {
                long weights = params - c.outChannels();
                return 2.0 * batch * weights * c.geometry().positions();
            }
            ConvTranspose2d t = (ConvTranspose2d) layer;
            long weights = params - t.geometry().channels();
            return 2.0 * batch * weights * t.geometry().positions();
        }
        return 0;
    }

    static Sequential generator(Kernels k) {
        return new Sequential(k, F, List.of(
                new Dense(k, F, 64, 128 * 7 * 7),
                BatchNorm.twoD(k, F, 128, 7, 7),
                new LeakyRelu(k, F, 128 * 49, 0),
                new ConvTranspose2d(k, F, 128, 7, 7, 64, 4, 2, 1, 0),
                BatchNorm.twoD(k, F, 64, 14, 14),
                new LeakyRelu(k, F, 64 * 196, 0),
                new ConvTranspose2d(k, F, 64, 14, 14, 1, 4, 2, 1, 0),
                new Tanh(k, F, 784))).initialize(1);
    }

    static Sequential discriminator(Kernels k) {
        return new Sequential(k, F, List.of(
                new Conv2d(k, F, 1, 28, 28, 64, 4, 2, 1),
                new LeakyRelu(k, F, 64 * 196, 0.2),
                new Conv2d(k, F, 64, 14, 14, 128, 4, 2, 1),
                BatchNorm.twoD(k, F, 128, 7, 7),
                new LeakyRelu(k, F, 128 * 49, 0.2),
                new Dense(k, F, 128 * 49, 1))).initialize(2);
    }

    /** Per-layer times of one network's passes, in nanoseconds, one row per iteration. */
    static final class Timings {
        final long[][] forward;
        final long[][] backwardParams;
        final long[][] backwardInput;

        Timings(int iterations, int layers) {
            forward = new long[iterations][layers];
            backwardParams = new long[iterations][layers];
            backwardInput = new long[iterations][layers];
        }

        static double medianMs(long[][] t, int layer) {
            long[] v = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                v[i] = t[i][layer];
            }
            Arrays.sort(v);
            return v[v.length / 2] / 1e6;
        }

        double total(long[][] t) {
            double sum = 0;
            for (int l = 0; l < t[0].length; l++) {
                sum += medianMs(t, l);
            }
            return sum;
        }
    }

    static INDArray timedForward(List<Layer> layers, INDArray x, long[] times) {
        for (int l = 0; l < layers.size(); l++) {
            long t0 = System.nanoTime();
            x = layers.get(l).forward(x, true);
            times[l] = System.nanoTime() - t0;
        }
        return x;
    }

    static void timedBackward(List<Layer> layers, INDArray dy, GradientMode mode, long[] times) {
        for (int l = layers.size() - 1; l >= 0; l--) {
            long t0 = System.nanoTime();
            dy = layers.get(l).backward(dy, mode, l > 0);
            times[l] = System.nanoTime() - t0;
        }
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Kernels base = args.length > 2 && args[2].equals("portable") ? new PortableKernels() : new CpuKernels();
        Map<String, long[]> byKernel = new TreeMap<>();
        boolean[] recording = {false};
        // Every kernel call timed by method name (a proxy adds ~0.1 µs per call).
        Kernels k = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, margs) -> {
                    long t0 = System.nanoTime();
                    Object result;
                    try {
                        result = method.invoke(base, margs);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (recording[0]) {
                        long[] acc = byKernel.computeIfAbsent(method.getName(), n -> new long[2]);
                        acc[0] += System.nanoTime() - t0;
                        acc[1]++;
                    }
                    return result;
                });
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Sequential g = generator(k);
        Sequential d = discriminator(k);
        List<Layer> gl = g.layers();
        List<Layer> dl = d.layers();
        SeededRandom random = new SeededRandom(3);
        float[] noise = new float[batch * 64];
        random.fillGaussian(noise, noise.length);
        INDArray z = Nd4j.createFromArray(noise).reshape('c', batch, 64);
        INDArray dLogit = Nd4j.ones(F, batch, 1).muli(1.0 / batch);
        INDArray dImage = Nd4j.create(F, batch, 784);
        int warmup = Math.max(3, iterations / 5);
        Timings gt = new Timings(iterations, gl.size());
        Timings dt = new Timings(iterations, dl.size());
        long[] scratch = new long[Math.max(gl.size(), dl.size())];
        for (int it = -warmup; it < iterations; it++) {
            boolean record = it >= 0;
            recording[0] = record;
            INDArray fake = timedForward(gl, z, record ? gt.forward[it] : scratch);
            timedForward(dl, fake, record ? dt.forward[it] : scratch);
            timedBackward(dl, dLogit, GradientMode.ACCUMULATE, record ? dt.backwardParams[it] : scratch);
            timedForward(dl, fake, scratch);
            // D's input gradient only (G's step): the first layer's input gradient is what G needs.
            long[] times = record ? dt.backwardInput[it] : scratch;
            INDArray dy = dLogit;
            for (int l = dl.size() - 1; l >= 0; l--) {
                long t0 = System.nanoTime();
                dy = dl.get(l).backward(dy, GradientMode.SKIP, true);
                times[l] = System.nanoTime() - t0;
            }
            k.copy(dy, dImage);
            timedBackward(gl, dImage, GradientMode.ACCUMULATE, record ? gt.backwardParams[it] : scratch);
        }
        System.out.printf(Locale.ROOT, "DCGAN layers, batch %d, %d iterations (medians), kernels %s, BLAS threads %d%n",
                batch, iterations, k.name(), Nd4j.factory().blas().getMaxThreads());
        System.out.println("time per iteration by kernel (G fwd+bwd, D fwd 2x, D bwd 2x: params, input only):");
        byKernel.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-22s %8.3f ms  (%d calls)%n", e.getKey(),
                        e.getValue()[0] / 1e6 / iterations, e.getValue()[1] / iterations));
        double gemmMs = 0;
        double gemmFlops = 0;
        List<double[]> rows = new ArrayList<>();
        for (String net : new String[] {"G", "D"}) {
            List<Layer> layers = net.equals("G") ? gl : dl;
            Timings t = net.equals("G") ? gt : dt;
            System.out.printf(Locale.ROOT, "%-2s %-52s %9s %9s %9s %10s%n", net, "layer", "fwd ms", "bwd ms",
                    "bwdIn ms", "GFLOP/s");
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                double f = Timings.medianMs(t.forward, l);
                double b = Timings.medianMs(t.backwardParams, l);
                double bi = net.equals("D") ? Timings.medianMs(t.backwardInput, l) : Double.NaN;
                double flops = forwardFlops(layer, batch);
                // backward with parameters: weight gradient + input gradient (none for the first layer)
                double backwardFlops = flops * (l == 0 ? 1 : 2);
                String rate = flops == 0 ? "" : String.format(Locale.ROOT, "%.1f / %.1f", flops / f / 1e6,
                        backwardFlops / b / 1e6);
                System.out.printf(Locale.ROOT, "%-2d %-52s %9.3f %9.3f %9.3f %10s%n", l, layer, f, b, bi, rate);
                if (flops > 0) {
                    gemmMs += f + b;
                    gemmFlops += flops + backwardFlops;
                }
                rows.add(new double[] {f, b, bi});
            }
            System.out.printf(Locale.ROOT, "%-55s %9.3f %9.3f %9.3f%n", net + " total", t.total(t.forward),
                    t.total(t.backwardParams), net.equals("D") ? t.total(t.backwardInput) : Double.NaN);
        }
        double gf = gt.total(gt.forward);
        double gb = gt.total(gt.backwardParams);
        double df = dt.total(dt.forward);
        double db = dt.total(dt.backwardParams);
        double dbi = dt.total(dt.backwardInput);
        double step = gf + 3 * df + 2 * db + dbi + gb;
        System.out.printf(Locale.ROOT, "GEMM layers (conv, transposed conv, dense) forward+backward: %.1f GFLOP/s over "
                + "%.1f ms%n", gemmFlops / gemmMs / 1e6, gemmMs);
        System.out.printf(Locale.ROOT, "a step's passes (G fwd + 3 D fwd + 2 D bwd + 1 D bwd input + G bwd): %.1f ms "
                + "= %.2f steps/s before losses and Adam (the whole step: gan4j bench --recipe dcgan)%n", step, 1000 / step);
    }
}
