package org.gan4j.listeners;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;

/**
 * A console progress bar over the whole run: steps done of the planned total, steps/s, time left, and the current
 * lossD / lossG / D(x) / D(G(z)) (and the objective's extra scalars, e.g. WGAN's {@code W}), drawn on standard
 * error by the progressbar library (a resumed run's bar starts at its checkpoint). It stays silent when the output is not an interactive terminal (a file, a pipe, a CI log), where
 * per-epoch lines read better than a redrawn bar.
 *
 * <p>Needs {@code me.tongfei:progressbar} on the class path (an optional dependency of gan-api); the constructor
 * says so when it is missing. This class uses the library only through {@code StepBar}, so it loads without it.
 */
public final class ProgressBarListener implements TrainingListener, AutoCloseable {

    /** Steps between updates of the loss text: formatting it every step would cost more than the bar is worth. */
    static final int MESSAGE_EVERY = 10;
    /** ANSI "erase the whole line": what the bar's own terminal output is made of too. */
    static final String CLEAR_LINE = "\u001b[2K";
    /** Characters per line on a stream that is not a terminal (a terminal's own width is used otherwise). */
    static final int STREAM_WIDTH = 160;

    private final boolean enabled;
    /** The library's bar, made once the library was found. */
    private final StepBar bar;
    /** Whether the bar is shown (between onStart and close). */
    private boolean shown;
    /** What the run's mean discriminator outputs are called. */
    private org.gan4j.MetricNames names = org.gan4j.MetricNames.PROBABILITIES;

    /**
     * A bar shown only when standard output is an interactive terminal ({@link #onTerminal()}).
     *
     * @throws IllegalStateException if {@code me.tongfei:progressbar} is not on the class path (the message names the
     *                               artifact to add)
     */
    public ProgressBarListener() {
        this(onTerminal());
    }

    /**
     * A bar shown or not as asked.
     *
     * @param enabled false for a listener that does nothing (e.g. from a {@code --quiet} option)
     * @throws IllegalStateException if {@code me.tongfei:progressbar} is not on the class path, even when
     *                               {@code enabled} is false
     */
    public ProgressBarListener(boolean enabled) {
        this(enabled, null);
    }

    /**
     * A bar always drawn, on {@code stream} (a log file, standard output), 160 characters wide.
     *
     * @param stream where the bar goes; the listener does not close it
     * @throws NullPointerException  if {@code stream} is null
     * @throws IllegalStateException if {@code me.tongfei:progressbar} is not on the class path
     */
    public ProgressBarListener(PrintStream stream) {
        this(true, Objects.requireNonNull(stream, "stream"));
    }

    /** {@code stream}: where the bar goes; null: standard error. */
    private ProgressBarListener(boolean enabled, PrintStream stream) {
        OptionalLibrary.PROGRESS_BAR.require("ProgressBarListener");
        this.enabled = enabled;
        this.bar = new TongfeiProgressBar(stream);
    }

    /**
     * Whether standard output is an interactive terminal. On Java 22 and later {@link System#console()} exists for
     * redirected output too, so its {@code isTerminal()} decides there.
     *
     * @return true when standard output is a terminal a bar can be redrawn on; false for a file, a pipe or an IDE
     *         console without a terminal
     */
    public static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 17-21: a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * {@code line} prepared for printing while the bar is shown: on a terminal the bar's line is cleared first, so
     * the text takes its place and the bar redraws below it at its next refresh (printed as it is, the bar would
     * overwrite it). Unchanged when the bar is off.
     *
     * @param line the text to print, without a line terminator
     * @return {@code line}, preceded by a carriage return and ANSI "erase line" when this listener is enabled
     */
    public String lineAbove(String line) {
        return enabled ? "\r" + CLEAR_LINE + line : line;
    }

    /** {@return whether this listener draws anything: false for one made disabled or off a terminal} */
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        if (!enabled) {
            return;
        }
        names = plan.metricNames();
        bar.start(plan.firstStep(), plan.lastStep());
        shown = true;
    }

    @Override
    public void onStep(StepMetrics m) {
        if (!shown) {
            return;
        }
        bar.stepTo(m.step());
        if (m.step() % MESSAGE_EVERY == 0) {
            bar.message(String.format(Locale.ROOT, " epoch %d lossD %.3f lossG %.3f %s %.2f %s %.2f",
                    m.epoch(), m.lossD(), m.lossG(), names.real(), m.meanDReal(), names.fake(), m.meanDFake())
                    + extrasText(m));
        }
    }

    /** The objective's extra scalars by label ({@link org.gan4j.MetricNames#extras()}), e.g. {@code " W 0.52"}. */
    private String extrasText(StepMetrics m) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < Math.min(m.extraCount(), names.extras().size()); i++) {
            t.append(String.format(Locale.ROOT, " %s %.2f", names.extras().get(i).label(), m.extra(i)));
        }
        return t.toString();
    }

    @Override
    public void onEnd(GanResult result) {
        close();
    }

    @Override
    public void close() {
        if (shown) {
            bar.close();
            shown = false;
        }
    }
}
