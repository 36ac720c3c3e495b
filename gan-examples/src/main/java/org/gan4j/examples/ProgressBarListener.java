package org.gan4j.examples;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;

/**
 * A console progress bar over the whole run (steps/s, time left, current lossD / lossG / D(x) / D(G(z))), drawn by
 * the progressbar library. Only on a terminal: when the output is a file or a pipe (CI logs) it stays silent and the
 * per-epoch lines are the record.
 */
final class ProgressBarListener implements TrainingListener {

    private final long totalSteps;
    private final long firstStep;
    private ProgressBar bar;

    /**
     * @param totalSteps the step the run ends at
     * @param firstStep  the step it starts after (a resumed run's checkpoint step; 0 otherwise)
     */
    ProgressBarListener(long totalSteps, long firstStep) {
        this.totalSteps = totalSteps;
        this.firstStep = firstStep;
    }

    /** Whether standard output is an interactive terminal. */
    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public void onStart(GanConfig config, String backend) {
        bar = new ProgressBarBuilder().setTaskName("Training").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).showSpeed()
                .setUnit(" steps", 1).startsFrom(firstStep, java.time.Duration.ZERO).build();
    }

    @Override
    public void onStep(StepMetrics m) {
        bar.stepTo(m.step());
        if (m.step() % 10 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d  lossD %.3f  lossG %.3f  D(x) %.2f  D(G(z)) %.2f",
                    m.epoch(), m.lossD(), m.lossG(), m.meanDReal(), m.meanDFake()));
        }
    }

    @Override
    public void onEnd(GanResult result) {
        bar.close();
    }
}
