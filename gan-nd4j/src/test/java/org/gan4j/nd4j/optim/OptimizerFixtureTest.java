package org.gan4j.nd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.gan4j.nd4j.layers.Dense;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every optimizer against {@code torch.optim} 1.13 in double precision on both kernel paths: five updates with given
 * gradients from the same parameters, with and without momentum, constant and linear-decay learning rates
 * ({@code bench/fixtures/make_optimizer_fixture.py}); the parameters after every update and the state at the end.
 */
class OptimizerFixtureTest {

    /** Relative error allowed: a few ulps of double, for the order of operations ND4J's ops may round in. */
    private static final double TOLERANCE = 1e-14;

    record Case(String spec, String schedule, double[] init, List<double[]> grads, List<double[]> params,
                Map<String, double[]> state) {
        @Override
        public String toString() {
            return spec + " " + schedule;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = OptimizerFixtureTest.class.getResourceAsStream("/pytorch-fixtures/optimizers.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String spec = null;
            String schedule = null;
            double[] init = null;
            List<double[]> grads = new ArrayList<>();
            List<double[]> params = new ArrayList<>();
            Map<String, double[]> state = new LinkedHashMap<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "case" -> {
                        spec = f[1];
                        schedule = f[2];
                        grads = new ArrayList<>();
                        params = new ArrayList<>();
                        state = new LinkedHashMap<>();
                    }
                    case "init" -> init = numbers(f, 1);
                    case "grad" -> grads.add(numbers(f, 1));
                    case "param" -> params.add(numbers(f, 1));
                    case "state" -> state.put(f[1], numbers(f, 2));
                    case "end" -> cases.add(new Case(spec, schedule, init, grads, params, state));
                    default -> { } // comments
                }
            }
        }
        return cases;
    }

    private static double[] numbers(String[] f, int from) {
        return Arrays.stream(f, from, f.length).mapToDouble(Double::parseDouble).toArray();
    }

    static Stream<Arguments> casesOnEveryPath() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSize(8);
        return TestKernels.all().flatMap(k -> cases.stream().map(c -> Arguments.of(k, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesOnEveryPath")
    void reproducesTorchOptimInDouble(Kernels k, Case c) {
        // A 6 -> 1 dense layer: the fixture's 7 parameters.
        Sequential net = new Sequential(k, DataType.DOUBLE, List.of(new Dense(k, DataType.DOUBLE, 6, 1)));
        net.parameters().assign(Nd4j.createFromArray(c.init()));
        Optimizer opt = Optimizers.create(k, net, OptimizerSpec.parse(c.spec()), LearningRateSchedule.parse(
                c.schedule()), 1000); // the fixture's schedules all name their length
        assertThat(opt.spec().toString()).isEqualTo(c.spec());
        int compared = 0;
        for (int t = 0; t < c.grads().size(); t++) {
            net.gradients().assign(Nd4j.createFromArray(c.grads().get(t)));
            opt.step();
            compared += assertClose(net.parameters().toDoubleVector(), c.params().get(t), "update " + (t + 1));
        }
        assertThat(opt.steps()).isEqualTo(5);
        assertThat(opt.stateNames()).containsExactlyElementsOf(c.state().keySet());
        for (Map.Entry<String, double[]> s : c.state().entrySet()) {
            compared += assertClose(opt.state(s.getKey()).toDoubleVector(), s.getValue(), "state " + s.getKey());
        }
        assertThat(compared).as("values compared").isEqualTo(7 * (5 + c.state().size()));
    }

    private static int assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), 1e-300);
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as("%s, value %s: %s against torch's %s", what, i,
                    actual[i], expected[i]).isLessThanOrEqualTo(TOLERANCE);
        }
        return expected.length;
    }

    /** The same steps of every optimizer on both paths and both types, saved and restored half-way. */
    static Stream<OptimizerSpec> specs() {
        return Stream.of(OptimizerSpec.adam(1e-3, 0.5, 0.999, 1e-8), OptimizerSpec.rmsProp(1e-3, 0.9, 1e-8, 0),
                OptimizerSpec.rmsProp(1e-3, 0.9, 1e-8, 0.5), OptimizerSpec.sgd(0.05, 0),
                OptimizerSpec.sgd(0.05, 0.9));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void bothPathsAgreeInFloatAndARestoredOptimizerContinuesExactly(OptimizerSpec spec) {
        Kernels portable = new PortableKernels();
        Kernels cpu = new CpuKernels();
        Sequential a = net(portable);
        Sequential b = net(cpu);
        Sequential restored = net(cpu);
        LearningRateSchedule linear = LearningRateSchedule.linearDecay(8);
        Optimizer oa = Optimizers.create(portable, a, spec, linear, 8);
        Optimizer ob = Optimizers.create(cpu, b, spec, linear, 8);
        Optimizer or = Optimizers.create(cpu, restored, spec, linear, 8);
        org.gan4j.SeededRandom r = new org.gan4j.SeededRandom(5);
        for (int t = 0; t < 6; t++) {
            float[] g = new float[(int) a.parameterCount()];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) r.nextGaussian();
            }
            a.gradients().assign(Nd4j.createFromArray(g));
            b.gradients().assign(Nd4j.createFromArray(g));
            restored.gradients().assign(Nd4j.createFromArray(g));
            oa.step();
            ob.step();
            if (t == 2) {
                // a checkpoint through bytes, as TrainingRun saves and restores one
                restored.parameters().assign(b.parameters());
                Map<String, org.nd4j.linalg.api.ndarray.INDArray> state = new LinkedHashMap<>();
                for (String name : ob.stateNames()) {
                    state.put(name, org.gan4j.io.ArrayBytes.fromBytes(ob.stateBytes(name, null), DataType.FLOAT));
                }
                or.restore(state, ob.steps());
            } else if (t > 2) {
                or.step();
            }
        }
        float[] pa = a.parameters().toFloatVector();
        float[] pb = b.parameters().toFloatVector();
        for (int i = 0; i < pa.length; i++) {
            assertThat(pb[i]).as("parameter %s", i).isCloseTo(pa[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(restored.parameters().toFloatVector()).as("restored after 3 updates, 3 more")
                .containsExactly(pb);
        assertThat(or.steps()).isEqualTo(6);
    }

    private static Sequential net(Kernels k) {
        Sequential n = new Sequential(k, DataType.FLOAT, List.of(new Dense(k, DataType.FLOAT, 20, 10)));
        n.parameters().assign(Nd4j.linspace(DataType.FLOAT, -1, 1, n.parameterCount()));
        return n;
    }

    @Test
    void theCpuPathAllocatesNothingPerUpdate() {
        Kernels cpu = new CpuKernels();
        for (OptimizerSpec spec : specs().toList()) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                Sequential n = new Sequential(cpu, type, List.of(new Dense(cpu, type, 200, 100)));
                n.gradients().assign(0.01);
                Optimizer o = Optimizers.create(cpu, n, spec, LearningRateSchedule.linearDecay(), 10_000);
                for (int i = 0; i < 200; i++) {
                    o.step(); // warm up: the loops compiled
                }
                long before = allocated();
                for (int i = 0; i < 1000; i++) {
                    o.step();
                }
                assertThat(allocated() - before).as("bytes allocated by 1,000 updates of %s on %s (20k parameters)",
                        spec, type).isLessThan(16 * 1024);
            }
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
