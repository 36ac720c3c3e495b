package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.tanh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.gan4j.Discriminator;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.Loss;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingWarnings;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The custom objective: its value is its formula, its gradients are its value's (finite differences in double), the
 * trainer reports what it computes on the initial networks' outputs, and it trains on the embedded digits.
 */
class CustomObjectiveExampleTest {

    private static final int BATCH = 32;
    private static final NetworkSpec G = NetworkSpec.sequential(Shape.vector(64), dense(256), leakyRelu(0.01),
            dense(784), tanh());
    private static final NetworkSpec D = NetworkSpec.sequential(Shape.vector(784), dense(128), leakyRelu(0.01),
            dense(1));

    /** The formula, by hand: {@code mean (r - 1)^2 / 2 + mean (f + 1)^2 / 2}. */
    private static double lossD(double[] r, double[] f) {
        double real = 0;
        double fake = 0;
        for (double v : r) {
            real += (v - 1) * (v - 1);
        }
        for (double v : f) {
            fake += (v + 1) * (v + 1);
        }
        return real / r.length / 2 + fake / f.length / 2;
    }

    private static INDArray column(double... v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1);
    }

    private static INDArray zeros(int n) {
        return Nd4j.zeros(DataType.DOUBLE, n, 1);
    }

    @Test
    void theValuesAreTheFormulaWithTheLabelsMinusOneOneAndZero() {
        Loss loss = new CustomObjectiveExample();
        INDArray gr = zeros(2);
        INDArray gf = zeros(2);
        assertThat(loss.discriminatorLoss(column(1, 1), column(-1, -1), gr, gf)).as("D at its labels").isZero();
        assertThat(loss.generatorLoss(column(0, 0), gf)).as("G at its label c = 0").isZero();
        // the built-in lsgan (a = 0, b = c = 1) would give 1/4 + 1/4 here, and G 1/2: these are this variant's
        assertThat(loss.discriminatorLoss(column(0.5, 0.5), column(0.5, 0.5), gr, gf))
                .isCloseTo(0.125 + 1.125, Offset.offset(1e-12));
        assertThat(loss.generatorLoss(column(1, 1), gf)).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(loss.separable()).isTrue();
        assertThat(loss.generatorNeedsRealOutputs()).isFalse();
    }

    @Test
    void itsGradientsAreItsValuesByCentredFiniteDifferencesInDouble() {
        Loss loss = new CustomObjectiveExample();
        int n = 16;
        java.util.Random random = new java.util.Random(3);
        double[] r = new double[n];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = 3 * random.nextGaussian();
            f[i] = 3 * random.nextGaussian();
        }
        INDArray gr = zeros(n);
        INDArray gf = zeros(n);
        INDArray gg = zeros(n);
        double value = loss.discriminatorLoss(column(r), column(f), gr, gf);
        assertThat(value).isCloseTo(lossD(r, f), Offset.offset(1e-12));
        loss.generatorLoss(column(f), gg);
        double h = 1e-5;
        int compared = 0;
        for (int i = 0; i < n; i++) {
            for (int which = 0; which < 3; which++) {
                double[] rp = r.clone();
                double[] rm = r.clone();
                double[] fp = f.clone();
                double[] fm = f.clone();
                double analytic;
                double numeric;
                if (which == 0) {
                    rp[i] += h;
                    rm[i] -= h;
                    analytic = gr.getDouble(i, 0);
                } else {
                    fp[i] += h;
                    fm[i] -= h;
                    analytic = which == 1 ? gf.getDouble(i, 0) : gg.getDouble(i, 0);
                }
                if (which < 2) {
                    numeric = (loss.discriminatorLoss(column(rp), column(fp), zeros(n), zeros(n))
                            - loss.discriminatorLoss(column(rm), column(fm), zeros(n), zeros(n))) / (2 * h);
                } else {
                    numeric = (loss.generatorLoss(column(fp), zeros(n)) - loss.generatorLoss(column(fm), zeros(n)))
                            / (2 * h);
                }
                double error = Math.abs(analytic - numeric) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numeric));
                assertThat(error).as("entry %d of gradient %d: analytic %s, numeric %s", i, which, analytic,
                        numeric).isLessThan(1e-7);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(3 * n);
    }

    /** Delegates to the example and keeps the outputs of the first discriminator call. */
    private static final class Recording implements Loss {
        final Loss inner = new CustomObjectiveExample();
        double[] real;
        double[] fake;

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public double discriminatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradReal,
                                        INDArray gradFake) {
            if (real == null) {
                real = realLogits.dup().data().asDouble();
                fake = fakeLogits.dup().data().asDouble();
            }
            return inner.discriminatorLoss(realLogits, fakeLogits, gradReal, gradFake);
        }

        @Override
        public boolean separable() {
            return inner.separable();
        }

        @Override
        public double generatorLoss(INDArray fakeLogits, INDArray gradFake) {
            return inner.generatorLoss(fakeLogits, gradFake);
        }
    }

    @Test
    void theFirstStepsLossDIsTheFormulaOnTheInitialNetworksOutputs() throws IOException {
        Dataset oneBatch = Datasets.first(DataSource.embedded(), BATCH); // step 1 sees all of it, shuffled
        Generator g = Gan.engine().generator(G, DataType.DOUBLE, 5);
        Discriminator d = Gan.engine().discriminator(D, DataType.DOUBLE, 6);
        Discriminator initial = Gan.engine().discriminator(D, DataType.DOUBLE, 6);
        assertThat(initial.parameters()).isEqualTo(d.parameters());
        Recording loss = new Recording();
        List<StepMetrics> steps = new ArrayList<>();
        Gan.builder().dataType(DataType.DOUBLE).batchSize(BATCH).generator(g).discriminator(d).loss(loss).maxSteps(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics m) {
                        steps.add(m);
                    }
                }).train(oneBatch);

        assertThat(steps).hasSize(1);
        assertThat(loss.real).hasSize(BATCH);
        assertThat(loss.fake).hasSize(BATCH);
        assertThat(steps.get(0).lossD()).isCloseTo(lossD(loss.real, loss.fake), Offset.offset(1e-12));
        // the real outputs are the initial discriminator's on the batch (in the run's shuffled order)
        float[] pixels = new float[BATCH * 784];
        int[] order = new int[BATCH];
        Arrays.setAll(order, i -> i);
        oneBatch.copyImages(order, 0, BATCH, pixels);
        INDArray images = Nd4j.createFromArray(pixels).castTo(DataType.DOUBLE).reshape(BATCH, 784);
        double[] expected = initial.forward(images, true).dup().data().asDouble();
        double[] actual = loss.real.clone();
        Arrays.sort(expected);
        Arrays.sort(actual);
        for (int i = 0; i < BATCH; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], Offset.offset(1e-12));
        }
        assertThat(d.parameters()).as("the step updated the discriminator").isNotEqualTo(initial.parameters());
    }

    @Test
    void itTrainsOnTheEmbeddedDigits() throws IOException {
        GanResult result = CustomObjectiveExample.train(Datasets.first(DataSource.embedded(), 640), 200);
        assertThat(result.provenance().steps()).isEqualTo(200);
        EpochSummary last = result.history().get(result.history().size() - 1);
        assertThat(last.lossD()).isFinite();
        assertThat(last.lossG()).isFinite();
        assertThat(last.meanDReal()).as("D scores real images above generated ones").isGreaterThan(last.meanDFake());
        assertThat(TrainingWarnings.spread(result.generator().sample(TrainingWarnings.SAMPLES)))
                .isGreaterThan(TrainingWarnings.COLLAPSED_SPREAD);
    }
}
