package org.gan4j;

/**
 * A discriminator: maps images {@code [batch, imageSize]} (flattened, in {@code [-1, 1]}) to one <b>logit</b> per
 * image, {@code [batch, 1]}. It does not apply a sigmoid: the {@link Loss} works on logits, which keeps the loss
 * finite when the discriminator is sure of itself. {@code sigmoid(logit)} is the probability that the image is real.
 */
public interface Discriminator extends Network {
}
