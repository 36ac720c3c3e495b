package org.gan4j.listeners;

import java.awt.Graphics2D;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@link LossPlot} drawn by XChart ({@code org.knowm.xchart:xchart}): the one class of gan-api that uses that library,
 * made by {@link LossPlotListener} only after {@link OptionalLibrary#XCHART} was found.
 */
final class XChartLossPlot implements LossPlot {

    @Override
    public void paint(Graphics2D g, int width, int height, String title, String xAxisTitle, List<Double> x,
                      Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xAxisTitle)
                .yAxisTitle("").build();
        chart.getStyler().setMarkerSize(0);
        series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE));
        chart.paint(g, width, height);
    }
}
