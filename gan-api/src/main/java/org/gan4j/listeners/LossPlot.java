package org.gan4j.listeners;

import java.awt.Graphics2D;
import java.util.List;
import java.util.Map;

/**
 * A line chart painted by a library: all that {@link LossPlotListener} asks of {@code org.knowm.xchart:xchart}. The
 * listener refers to the library only through this interface, so that it loads and verifies without the library and
 * its constructor can name the missing artifact; the implementation, {@link XChartLossPlot}, is made only once
 * {@link OptionalLibrary#XCHART} is known to be present.
 */
interface LossPlot {

    /**
     * Paints the chart onto {@code g}.
     *
     * @param x      the x value of every point
     * @param series each line's name and its y values, one per x value, in the legend's order
     */
    void paint(Graphics2D g, int width, int height, String title, String xAxisTitle, List<Double> x,
               Map<String, List<Double>> series);
}
