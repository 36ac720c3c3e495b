package org.gan4j.listeners;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@link StepBar} drawn by {@code me.tongfei:progressbar}: the one class of gan-api that uses that library, made by
 * {@link ProgressBarListener} only after {@link OptionalLibrary#PROGRESS_BAR} was found.
 */
final class TongfeiProgressBar implements StepBar {

    /** Where the bar goes; null: standard error, as wide as the terminal. */
    private final PrintStream stream;
    private ProgressBar bar;

    TongfeiProgressBar(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public void start(long firstStep, long lastStep) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("Training").setInitialMax(lastStep)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).showSpeed()
                .setUnit(" steps", 1).startsFrom(firstStep, Duration.ZERO);
        // The plain consumer ("\r" and redraw, as wide as the terminal), not the library's default interactive one:
        // that one moves the cursor up to its own line and overwrites whatever was printed since (epoch lines).
        if (stream != null) {
            builder.setConsumer(new ConsoleProgressBarConsumer(stream, ProgressBarListener.STREAM_WIDTH));
        } else {
            builder.setConsumer(new ConsoleProgressBarConsumer(System.err));
        }
        bar = builder.build();
    }

    @Override
    public void stepTo(long step) {
        bar.stepTo(step);
    }

    @Override
    public void message(String text) {
        bar.setExtraMessage(text);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
