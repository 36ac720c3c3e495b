package org.gan4j.examples;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import javax.imageio.ImageIO;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.io.AtomicFiles;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code loss.png}: lossD, lossG, D(x) and D(G(z)) against steps, drawn with XChart and refreshed after every
 * epoch. Each point is the mean of {@value #EVERY} steps, so a long run stays readable and cheap.
 */
final class LossPlot implements TrainingListener {

    static final int EVERY = 50;
    static final int WIDTH = 900;
    static final int HEIGHT = 450;

    private final Path file;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> lossD = new ArrayList<>();
    private final List<Double> lossG = new ArrayList<>();
    private final List<Double> dReal = new ArrayList<>();
    private final List<Double> dFake = new ArrayList<>();
    private final double[] sums = new double[4];
    private int inBucket;
    private final Background background = new Background("gan4j-loss-plot");
    /** Drawn on by the background thread only. */
    private BufferedImage canvas;

    LossPlot(Path file) {
        this.file = file;
    }

    /**
     * Reads the rows a run already wrote to its metrics file (a resumed run: the plot covers the whole run, not only
     * the steps since the checkpoint). Rows must be the ones {@link MetricsCsv} writes.
     */
    LossPlot preload(Path metricsCsv) throws IOException {
        if (java.nio.file.Files.isRegularFile(metricsCsv)) {
            for (String line : java.nio.file.Files.readAllLines(metricsCsv)) {
                String[] f = line.split(",");
                if (f.length == 7 && !line.startsWith("step,")) {
                    add(Long.parseLong(f[0]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]), Double.parseDouble(f[6]));
                }
            }
        }
        return this;
    }

    @Override
    public void onStep(StepMetrics m) {
        add(m.step(), m.lossD(), m.lossG(), m.meanDReal(), m.meanDFake());
    }

    private void add(long step, double d, double g, double real, double fake) {
        sums[0] += d;
        sums[1] += g;
        sums[2] += real;
        sums[3] += fake;
        if (++inBucket == EVERY) {
            steps.add(step / 1000.0); // thousands: six-digit step labels would run into each other
            lossD.add(sums[0] / EVERY);
            lossG.add(sums[1] / EVERY);
            dReal.add(sums[2] / EVERY);
            dFake.add(sums[3] / EVERY);
            java.util.Arrays.fill(sums, 0);
            inBucket = 0;
        }
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        if (steps.size() < 2) {
            return;
        }
        // Drawing takes tens of milliseconds: hand copies to the background thread and train on.
        List<Double> x = List.copyOf(steps);
        List<List<Double>> ys = List.of(List.copyOf(lossD), List.copyOf(lossG), List.copyOf(dReal), List.copyOf(dFake));
        background.submit(() -> draw(x, ys));
    }

    @Override
    public void onEnd(GanResult result) {
        try {
            background.finish();
        } finally {
            background.close();
        }
    }

    private void draw(List<Double> x, List<List<Double>> ys) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("gan4j training")
                .xAxisTitle("step (thousands)").yAxisTitle("").build();
        chart.getStyler().setMarkerSize(0);
        String[] names = {"lossD", "lossG", "D(x)", "D(G(z))"};
        for (int i = 0; i < names.length; i++) {
            chart.addSeries(names[i], x, ys.get(i)).setMarker(SeriesMarkers.NONE);
        }
        // One canvas for the whole run: a new 1.6 MB image per epoch outlives young collections and piles up.
        if (canvas == null) {
            canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        }
        Graphics2D g = canvas.createGraphics();
        try {
            chart.paint(g, WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        try {
            AtomicFiles.write(file, out -> ImageIO.write(canvas, "png", out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
