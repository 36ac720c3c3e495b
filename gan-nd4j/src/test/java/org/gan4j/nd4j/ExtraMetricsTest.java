package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.MetricNames;
import org.gan4j.Objective;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.listeners.EpochLogListener;
import org.gan4j.listeners.MetricsCsvListener;
import org.gan4j.listeners.TensorBoardListener;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.tensorboard.EventFileWriterTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objectives' own scalars (the Wasserstein estimate, the gradient penalties) in real training on 300 digits: what
 * each step reports, and what metrics.csv, TensorBoard, the loss plot and the epoch lines make of it.
 */
class ExtraMetricsTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 300);
    }

    private static GanConfig.Builder wganGp() {
        return Gan.builder().seed(3).batchSize(50).objective(Objective.parse("wgan-gp")).criticSteps(2);
    }

    /** Records every step's metrics. */
    private static final class Recorder implements TrainingListener {
        final List<StepMetrics> steps = new ArrayList<>();

        @Override
        public void onStep(StepMetrics m) {
            steps.add(m);
        }
    }

    @Test
    void eachObjectiveDeclaresItsExtrasUpFront() {
        assertThat(MetricNames.of(Gan.builder().build()).extras()).isEmpty();
        assertThat(MetricNames.of(Gan.builder().objective(Objective.parse("hinge")).build()).extras()).isEmpty();
        assertThat(MetricNames.of(Gan.builder().objective(Objective.parse("wgan")).build()).extras())
                .containsExactly(MetricNames.WASSERSTEIN);
        assertThat(MetricNames.of(wganGp().build()).extras())
                .containsExactly(MetricNames.WASSERSTEIN, MetricNames.GRADIENT_PENALTY);
        assertThat(MetricNames.of(Gan.builder().r1Penalty(1).build()).extras())
                .containsExactly(MetricNames.R1_PENALTY);
        assertThat(MetricNames.of(wganGp().build()).probabilities()).isFalse();
        assertThat(MetricNames.of(Gan.builder().r1Penalty(1).build()).probabilities()).isTrue();
    }

    @Test
    void aWganGpRunWritesItsWassersteinEstimateAndPenaltyEverywhere() throws IOException {
        Path csv = tmp.resolve("metrics.csv");
        Path logs = tmp.resolve("logs");
        List<String> lines = new ArrayList<>();
        Recorder r = new Recorder();
        Gan.trainer().train(wganGp().maxSteps(40).listener(r).listener(new MetricsCsvListener(csv))
                .listener(new TensorBoardListener(logs, 1))
                .listener(new EpochLogListener(lines::add)).build(), digits);

        assertThat(r.steps).hasSize(40);
        for (StepMetrics m : r.steps) {
            assertThat(m.extraCount()).isEqualTo(2);
            assertThat(m.extra(0)).as("the estimate at step %d", m.step()).isEqualTo(m.meanDReal() - m.meanDFake());
            assertThat(m.extra(1)).as("the penalty at step %d", m.step()).isFinite().isGreaterThanOrEqualTo(0);
            // WGAN-GP's critic loss is mean C(G(z)) - mean C(x) + penalty
            assertThat(m.lossD()).isCloseTo(-m.extra(0) + m.extra(1), within(1e-5));
        }
        assertThat(r.steps).anyMatch(m -> m.extra(1) > 0);

        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("step,epoch,batch,lossD,lossG,scoreReal,scoreFake,wasserstein,"
                + "gradientPenalty");
        assertThat(rows).hasSize(41);
        for (String row : rows.subList(1, rows.size())) {
            double[] v = java.util.Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray();
            assertThat(v).as(row).hasSize(9);
            assertThat(v[7]).as(row).isCloseTo(v[5] - v[6], within(2e-6)); // three values rounded to 6 decimals
            assertThat(v[8]).as(row).isFinite().isGreaterThanOrEqualTo(0);
        }

        List<String> tags = scalarTags(logs.resolve("train"));
        assertThat(tags).contains("lossD", "C(x)", "wasserstein", "gradientPenalty");
        assertThat(tags.stream().filter("wasserstein"::equals).count()).isEqualTo(40);

        assertThat(lines).filteredOn(l -> l.startsWith("Epoch [")).isNotEmpty()
                .allMatch(l -> l.matches(".*C\\(G\\(z\\)\\) -?[0-9.]+  W -?[0-9.]+  GP [0-9.]+  \\(.*"), "W and GP");
    }

    @Test
    void theReferenceRunsMetricsKeepTheirSevenColumns() throws IOException {
        Path csv = tmp.resolve("metrics.csv");
        Recorder r = new Recorder();
        Gan.trainer().train(Gan.builder().seed(3).batchSize(50).maxSteps(5).listener(r)
                .listener(new MetricsCsvListener(csv)).build(), digits);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo(MetricsCsvListener.HEADER).isEqualTo("step,epoch,batch,lossD,lossG,dReal,"
                + "dFake");
        assertThat(rows.subList(1, rows.size())).allMatch(row -> row.split(",").length == 7);
        assertThat(r.steps).allMatch(m -> m.extraCount() == 0);
    }

    @Test
    void anR1RunReportsItsPenaltyAndAClippedWganItsEstimate() {
        Recorder r1 = new Recorder();
        Gan.trainer().train(Gan.builder().seed(3).batchSize(50).maxSteps(3).r1Penalty(5).listener(r1).build(),
                digits);
        assertThat(r1.steps).allMatch(m -> m.extraCount() == 1 && m.extra(0) > 0);
        Recorder w = new Recorder();
        Gan.trainer().train(Gan.builder().seed(3).batchSize(50).maxSteps(3).objective(Objective.parse("wgan"))
                .listener(w).build(), digits);
        assertThat(w.steps).allMatch(m -> m.extraCount() == 1 && m.extra(0) == m.meanDReal() - m.meanDFake());
    }

    @Test
    void aResumedWganGpRunWritesTheSameMetricsAndEpochMeansAsOneThatNeverStopped() throws IOException {
        Path straightCsv = tmp.resolve("straight.csv");
        List<String> straightLines = new ArrayList<>();
        Gan.trainer().train(wganGp().maxSteps(40).listener(new MetricsCsvListener(straightCsv))
                .listener(new EpochLogListener(straightLines::add)).build(), digits);

        Path dir = tmp.resolve("checkpoints");
        Path csv = tmp.resolve("resumed.csv");
        // 15 steps: the checkpoint falls inside the third epoch, so its sums of the extras matter
        Gan.trainer().train(wganGp().maxSteps(15).checkpointEvery(15).checkpointDir(dir)
                .listener(new MetricsCsvListener(csv)).build(), digits);
        List<String> lines = new ArrayList<>();
        Gan.trainer().resume(wganGp().maxSteps(40).checkpointDir(dir).listener(new MetricsCsvListener(csv))
                .listener(new EpochLogListener(lines::add)).build(),
                digits, CheckpointFile.newest(dir));
        assertThat(Files.readAllLines(csv)).isEqualTo(Files.readAllLines(straightCsv));
        List<String> straightEpochs = epochLines(straightLines);
        List<String> resumedEpochs = epochLines(lines);
        assertThat(resumedEpochs).isNotEmpty();
        assertThat(straightEpochs.subList(straightEpochs.size() - resumedEpochs.size(), straightEpochs.size()))
                .isEqualTo(resumedEpochs);
    }

    /** The epoch lines without their times. */
    private static List<String> epochLines(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("Epoch [")).map(l -> l.replaceAll("\\(.*\\)$", ""))
                .toList();
    }

    /** The tag of every scalar in the event file in {@code dir}. */
    private static List<String> scalarTags(Path dir) throws IOException {
        Path file;
        try (Stream<Path> s = Files.list(dir)) {
            file = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
                    .orElseThrow();
        }
        List<String> tags = new ArrayList<>();
        for (byte[] record : EventFileWriterTest.records(file)) {
            Map<Integer, List<Object>> event = EventFileWriterTest.decode(record);
            if (!event.containsKey(5)) {
                continue;
            }
            for (Object encoded : EventFileWriterTest.decode(EventFileWriterTest.bytes(event, 5)).get(1)) {
                Map<Integer, List<Object>> value = EventFileWriterTest.decode((byte[]) encoded);
                tags.add(new String(EventFileWriterTest.bytes(value, 1), StandardCharsets.UTF_8));
            }
        }
        return tags;
    }
}
