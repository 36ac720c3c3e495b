package org.gan4j.listeners;

/**
 * A console bar over a run's steps, drawn by a library: all that {@link ProgressBarListener} asks of
 * {@code me.tongfei:progressbar}. The listener refers to the library only through this interface, so that it loads
 * and verifies without the library and its constructor can name the missing artifact; the implementation,
 * {@link TongfeiProgressBar}, is made only once {@link OptionalLibrary#PROGRESS_BAR} is known to be present.
 */
interface StepBar {

    /** Shows a bar from {@code firstStep} (a resumed run's checkpoint) to {@code lastStep}. */
    void start(long firstStep, long lastStep);

    /** Moves the bar to {@code step}. */
    void stepTo(long step);

    /** The text shown after the bar. */
    void message(String text);

    /** Draws the bar a last time and stops its refresh thread. */
    void close();
}
