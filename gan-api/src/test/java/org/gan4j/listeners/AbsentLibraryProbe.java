package org.gan4j.listeners;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.data.ImageDataset;

/**
 * Runs inside {@link OptionalLibraryAbsentTest}'s class loader, which sees the test class path without some optional
 * libraries: uses the listeners as a user would and reports what happened as text (only JDK types cross between the
 * loaders, so the test compares in its own).
 */
public final class AbsentLibraryProbe {

    static final String OK = "ok";
    private static final int STEPS = 60;

    private AbsentLibraryProbe() {
    }

    /** "present" or "absent": whether this loader can load {@code className}. */
    public static String loadable(String className) {
        try {
            Class.forName(className, false, AbsentLibraryProbe.class.getClassLoader());
            return "present";
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }

    /** The loader of gan-api's listener classes, as this loader sees them. */
    public static ClassLoader listenersLoader() {
        return ProgressBarListener.class.getClassLoader();
    }

    /**
     * Action name to what it did: {@value #OK}, a description for the {@code RunLog.in(dir)} rows, or the class and
     * message of what it threw.
     */
    public static Map<String, String> run(Path dir) throws Exception {
        Map<String, Callable<String>> actions = new LinkedHashMap<>();
        actions.put("new ProgressBarListener()", () -> {
            new ProgressBarListener().close();
            return OK;
        });
        actions.put("new ProgressBarListener(boolean)", () -> {
            new ProgressBarListener(false).close();
            return OK;
        });
        actions.put("new ProgressBarListener(PrintStream), a run", () -> {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            ProgressBarListener bar = new ProgressBarListener(new PrintStream(captured, true, StandardCharsets.UTF_8));
            feed(bar);
            String drawn = captured.toString(StandardCharsets.UTF_8);
            return drawn.contains("Training") && drawn.contains(STEPS + "/" + STEPS) ? OK : "drew " + drawn;
        });
        actions.put("new LossPlotListener(Path)", () -> {
            new LossPlotListener(dir.resolve("unused.png")).close();
            return OK;
        });
        actions.put("new LossPlotListener(Path, Path), a run", () -> {
            Path png = dir.resolve("plot.png");
            feed(new LossPlotListener(png, null));
            return Files.size(png) > 0 ? OK : "empty " + png;
        });
        actions.put("RunLog.in(dir, {METRICS, LOSS_PLOT}), a run", () -> {
            Path run = Files.createDirectories(dir.resolve("with-plot"));
            feed(RunLog.in(run, EnumSet.of(RunLog.Output.METRICS, RunLog.Output.LOSS_PLOT)));
            return Files.size(run.resolve(RunLog.LOSS_PLOT_FILE)) > 0 ? OK : "no plot in " + run;
        });
        actions.put("RunLog.in(dir, {METRICS}), a run", () -> {
            Path run = Files.createDirectories(dir.resolve("metrics"));
            feed(RunLog.in(run, EnumSet.of(RunLog.Output.METRICS)));
            return Files.readAllLines(run.resolve(RunLog.METRICS_FILE)).size() == STEPS + 1 ? OK : "short metrics";
        });
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, Callable<String>> a : actions.entrySet()) {
            outcomes.put(a.getKey(), outcome(a.getValue()));
        }
        runLogIn(dir.resolve("all"), outcomes);
        return outcomes;
    }

    /** {@code RunLog.in(dir)}: its outputs, its layout and what it logged (no callbacks: they need ND4J's backend). */
    private static void runLogIn(Path dir, Map<String, String> outcomes) {
        Logger jul = Logger.getLogger(RunLog.class.getName());
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try (RunLog log = RunLog.in(dir)) {
            outcomes.put("RunLog.in(dir) outputs", log.outputs().toString());
            outcomes.put("RunLog.in(dir) layout", log.layout().keySet().toString());
        } catch (Throwable t) {
            outcomes.put("RunLog.in(dir) outputs", describe(t));
        } finally {
            jul.removeHandler(handler);
        }
        outcomes.put("RunLog.in(dir) log", logged.toString());
    }

    /** Start, {@value #STEPS} steps in one epoch, end: what a run does without a generator. */
    private static <L extends TrainingListener & AutoCloseable> void feed(L listener) throws Exception {
        try (listener) {
            ImageDataset tiny = new ImageDataset("tiny", new byte[4 * 4], 4, 2, 2, 1, null);
            listener.onStart(new TrainingPlan(Gan.builder().epochs(1).build(), "test", tiny, 0, STEPS, STEPS));
            for (int s = 1; s <= STEPS; s++) {
                listener.onStep(new StepMetrics(s, 1, s, 4, 0.7, 1.1, 0.6, 0.4));
            }
            listener.onEpochEnd(new EpochSummary(1, STEPS, STEPS, 0.7, 1.1, 0.6, 0.4, Duration.ZERO), null);
            listener.onEnd(null);
        }
    }

    private static String outcome(Callable<String> action) {
        try {
            return action.call();
        } catch (Throwable t) {
            return describe(t);
        }
    }

    private static String describe(Throwable t) {
        return t.getClass().getName() + ": " + t.getMessage();
    }
}
