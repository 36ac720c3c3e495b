package org.gan4j;

import java.time.Duration;

/**
 * Means over one epoch's steps.
 *
 * @param epoch     epoch number, from 1
 * @param lastStep  global number of the epoch's last step, from 1
 * @param steps     steps in this epoch, positive (fewer than a full epoch when a step limit ends the run)
 * @param lossD     mean over the epoch's steps of the discriminator's loss ({@link StepMetrics#lossD()})
 * @param lossG     mean over the epoch's steps of the generator's loss ({@link StepMetrics#lossG()})
 * @param meanDReal mean D(x) over the epoch's steps: the probability, in [0, 1], that real images are real (a
 *                  critic's mean score for a critic's objective, {@link MetricNames})
 * @param meanDFake mean D(G(z)) over the epoch's steps: the probability, in [0, 1], that generated images are real
 *                  (or the critic's mean score)
 * @param elapsed   wall time of the epoch, listeners' time included
 */
public record EpochSummary(int epoch, long lastStep, int steps, double lossD, double lossG, double meanDReal,
                           double meanDFake, Duration elapsed) {
}
