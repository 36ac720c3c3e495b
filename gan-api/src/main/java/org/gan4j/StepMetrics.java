package org.gan4j;

/**
 * What one training step measured.
 *
 * @param step          global step number, from 1
 * @param epoch         epoch number, from 1
 * @param batchInEpoch  batch number within the epoch, from 1
 * @param batchSize     images in this batch (the last batch of an epoch may be short)
 * @param lossD         the discriminator's loss before its update
 * @param lossG         the generator's loss, through the updated discriminator
 * @param meanDReal     mean D(x): the discriminator's mean probability, in [0, 1], that the real images are real;
 *                      for a critic's objective its mean raw score ({@link MetricNames})
 * @param meanDFake     mean D(G(z)), in [0, 1], on the same step's generated images, before the discriminator's
 *                      update; for a critic's objective its mean raw score
 */
public record StepMetrics(long step, int epoch, int batchInEpoch, int batchSize, double lossD, double lossG,
                          double meanDReal, double meanDFake) {
}
