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

    @Override
    public void onStep(StepMetrics m) {
        sums[0] += m.lossD();
        sums[1] += m.lossG();
        sums[2] += m.meanDReal();
        sums[3] += m.meanDFake();
        if (++inBucket == EVERY) {
            steps.add((double) m.step());
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
                .xAxisTitle("step").yAxisTitle("").build();
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
