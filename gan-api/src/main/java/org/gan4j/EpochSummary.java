package org.gan4j;

import java.time.Duration;

/**
 * Means over one epoch's steps.
 *
 * @param epoch     epoch number, from 1
 * @param lastStep  global number of the epoch's last step
 * @param steps     steps in this epoch (fewer than a full epoch when a step limit ends the run)
 * @param lossD     mean discriminator loss
 * @param lossG     mean generator loss
 * @param meanDReal mean D(x)
 * @param meanDFake mean D(G(z))
 * @param elapsed   wall time of the epoch
 */
public record EpochSummary(int epoch, long lastStep, int steps, double lossD, double lossG, double meanDReal,
                           double meanDFake, Duration elapsed) {
}
