/**
 * Ready-made {@link org.gan4j.TrainingListener}s for watching a run: {@link org.gan4j.listeners.RunLog} (all of the
 * below in one run directory), {@link org.gan4j.listeners.ProgressBarListener},
 * {@link org.gan4j.listeners.TensorBoardListener}, {@link org.gan4j.listeners.SampleGridListener},
 * {@link org.gan4j.listeners.LossPlotListener} and {@link org.gan4j.listeners.MetricsCsvListener}.
 *
 * <p>They take their snapshot on the training thread and leave encoding, drawing and disk writes to background
 * threads, so that everything together costs a few percent of the training throughput; a failed write still stops
 * training with the error (at the next epoch at the latest). The progress bar and the loss plot need libraries that
 * gan-api does not bring along (optional dependencies): {@code me.tongfei:progressbar} and
 * {@code org.knowm.xchart:xchart}.
 */
package org.gan4j.listeners;
