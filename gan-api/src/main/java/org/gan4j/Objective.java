package org.gan4j;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * A GAN objective as data: which losses the discriminator (or critic) and the generator minimise, written on the
 * discriminator's raw outputs {@code r = D(x)} on real and {@code f = D(G(z))} on generated images. The provider
 * builds its {@link Loss}; a custom {@link Loss} given to {@link GanConfig.Builder#loss(Loss)} replaces it.
 *
 * <p>Means are over the batch. {@code softplus(t) = log(1 + exp(t))}, so {@code BCE(sigmoid(t), 1) = softplus(-t)}
 * and {@code BCE(sigmoid(t), 0) = softplus(t)}.
 *
 * <table>
 *   <caption>The objectives, their text form and their losses</caption>
 *   <tr><th>record</th><th>text</th><th>lossD</th><th>lossG</th></tr>
 *   <tr><td>{@link NonSaturating}</td><td>{@code bce}, {@code bce(real=0.9)}</td>
 *       <td>{@code (mean BCE(r, real) + mean softplus(f)) / 2}</td><td>{@code mean softplus(-f)}</td></tr>
 *   <tr><td>{@link Minimax}</td><td>{@code minimax}</td><td>as {@code bce}</td>
 *       <td>{@code -mean softplus(f)} (Goodfellow et al.'s saturating {@code log(1 - D(G(z)))})</td></tr>
 *   <tr><td>{@link LeastSquares}</td><td>{@code lsgan}</td><td>{@code (mean (r - 1)^2 + mean f^2) / 2}</td>
 *       <td>{@code mean (f - 1)^2 / 2} (Mao et al. 2017, a = 0, b = c = 1)</td></tr>
 *   <tr><td>{@link Wasserstein}</td><td>{@code wgan}, {@code wgan(clip=0.01)}</td><td>{@code mean f - mean r}</td>
 *       <td>{@code -mean f}; with a clip, every critic parameter is clamped to {@code [-clip, clip]} after each
 *       critic update (Arjovsky et al. 2017)</td></tr>
 *   <tr><td>{@link WassersteinGp}</td><td>{@code wgan-gp}, {@code wgan-gp(lambda=10)}</td>
 *       <td>{@code mean f - mean r + lambda mean_i (|grad_x D(xh_i)| - 1)^2}, {@code xh_i = e_i x_i + (1 - e_i)
 *       G(z_i)}, one {@code e_i ~ U(0, 1)} per image</td><td>{@code -mean f} (Gulrajani et al. 2017); the critic
 *       needs layers with a second derivative (no batch norm, dropout or transposed convolution)</td></tr>
 *   <tr><td>{@link Hinge}</td><td>{@code hinge}</td><td>{@code mean relu(1 - r) + mean relu(1 + f)}</td>
 *       <td>{@code -mean f} (Lim and Ye 2017; Miyato et al. 2018)</td></tr>
 *   <tr><td>{@link RelativisticAverage}</td><td>{@code ragan}</td>
 *       <td>{@code (mean softplus(-(r - mean f)) + mean softplus(f - mean r)) / 2}</td>
 *       <td>{@code (mean softplus(-(f - mean r)) + mean softplus(r - mean f)) / 2} (Jolicoeur-Martineau 2018's
 *       RaSGAN; the generator's loss needs D on real images too)</td></tr>
 *   <tr><td>{@link AuxiliaryClassifier}</td><td>{@code bce(aux=1)}, {@code hinge(aux=0.5)}: {@code aux=w} added to
 *       another objective's text</td>
 *       <td>the other objective's lossD {@code + w (mean CE(c_r, y) + mean CE(c_f, y_f)) / 2}</td>
 *       <td>its lossG {@code + w mean CE(c_f, y_f)} (ACGAN, Odena et al. 2017): {@code c_r}, {@code c_f} the
 *       class logits of D's auxiliary head on real and generated images, {@code y} the real labels, {@code y_f}
 *       the labels G was given, CE the softmax cross-entropy; D outputs {@code 1 + classes} values per image, the
 *       first the adversarial output the other objective reads, and takes the image alone</td></tr>
 * </table>
 *
 * <p>{@link #parse(String)} reads the text form, as the command line's {@code --objective} does; each record's
 * {@code toString()} writes it.
 */
public sealed interface Objective {

    /** {@return the text form without arguments, e.g. {@code "lsgan"}} */
    String name();

    /**
     * Whether lossD is a sum of a term of the real outputs and a term of the generated ones (so that a
     * discriminator with batch normalisation can see them in two passes; see {@link Loss#separable()}).
     *
     * @return false only for {@link RelativisticAverage}
     */
    default boolean separable() {
        return true;
    }

    /**
     * Whether the discriminator's output is read as a probability's logit: then {@code sigmoid(D(x))} is reported
     * as D(x) and the "discriminator won" warnings apply. False for critics (Wasserstein, hinge, least squares),
     * whose output is a score.
     *
     * @return true for the cross-entropy objectives
     */
    default boolean outputsLogits() {
        return true;
    }

    /**
     * This objective with an auxiliary classifier (ACGAN): see {@link AuxiliaryClassifier}.
     *
     * @param weight the weight of the classification losses, positive and finite (1 in Odena et al.)
     * @return {@code new AuxiliaryClassifier(this, weight)}
     * @throws IllegalArgumentException as {@link AuxiliaryClassifier}'s constructor throws
     */
    default Objective withAuxiliaryClassifier(double weight) {
        return new AuxiliaryClassifier(this, weight);
    }

    /** {@return the default, the reference's non-saturating cross-entropy with real label 1} */
    static Objective nonSaturating() {
        return new NonSaturating(1.0);
    }

    /**
     * Non-saturating binary cross-entropy, the reference's objective.
     *
     * @param realLabel the target for real images: 1, or below 1 for one-sided label smoothing (0.9 in Salimans et
     *                  al. 2016), in (0, 1]
     */
    record NonSaturating(double realLabel) implements Objective {
        /**
         * Checks the label.
         *
         * @param realLabel the target for real images, in (0, 1]
         * @throws IllegalArgumentException if {@code realLabel} is not in (0, 1]
         */
        public NonSaturating {
            Preconditions.checkArgument(realLabel > 0 && realLabel <= 1,
                    "bce: real must be in (0, 1] (1, or 0.9 for one-sided label smoothing), got %s", realLabel);
        }

        @Override
        public String name() {
            return "bce";
        }

        @Override
        public String toString() {
            return realLabel == 1.0 ? "bce" : "bce(real=" + realLabel + ")";
        }
    }

    /** The original saturating minimax objective: the generator minimises {@code log(1 - D(G(z)))}. */
    record Minimax() implements Objective {
        @Override
        public String name() {
            return "minimax";
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Least squares (LSGAN). */
    record LeastSquares() implements Objective {
        @Override
        public String name() {
            return "lsgan";
        }

        @Override
        public boolean outputsLogits() {
            return false;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /**
     * The Wasserstein critic objective, with optional weight clipping.
     *
     * @param clip the clamp applied to every critic parameter after each critic update, positive; 0 for none (then
     *             something else must keep the critic Lipschitz, e.g. spectral normalisation)
     */
    record Wasserstein(double clip) implements Objective {
        /**
         * Checks the clip.
         *
         * @param clip the clamp, positive, or 0 for none
         * @throws IllegalArgumentException if {@code clip} is negative or not finite
         */
        public Wasserstein {
            Preconditions.checkArgument(clip >= 0 && Double.isFinite(clip),
                    "wgan: clip must be 0 (none) or positive (0.01 in the WGAN paper), got %s", clip);
        }

        @Override
        public String name() {
            return "wgan";
        }

        @Override
        public boolean outputsLogits() {
            return false;
        }

        @Override
        public String toString() {
            return clip == 0 ? "wgan" : "wgan(clip=" + clip + ")";
        }
    }

    /**
     * The Wasserstein critic objective with a gradient penalty (WGAN-GP).
     *
     * @param lambda the penalty's weight, positive (10 in the paper)
     */
    record WassersteinGp(double lambda) implements Objective {
        /**
         * Checks the weight.
         *
         * @param lambda the penalty's weight, positive and finite
         * @throws IllegalArgumentException if {@code lambda} is not positive and finite
         */
        public WassersteinGp {
            Preconditions.checkArgument(lambda > 0 && Double.isFinite(lambda),
                    "wgan-gp: lambda must be positive (10 in the WGAN-GP paper), got %s", lambda);
        }

        @Override
        public String name() {
            return "wgan-gp";
        }

        @Override
        public boolean outputsLogits() {
            return false;
        }

        @Override
        public String toString() {
            return "wgan-gp(lambda=" + lambda + ")";
        }
    }

    /** The hinge objective (SN-GAN, BigGAN). */
    record Hinge() implements Objective {
        @Override
        public String name() {
            return "hinge";
        }

        @Override
        public boolean outputsLogits() {
            return false;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Relativistic average cross-entropy (RaSGAN). */
    record RelativisticAverage() implements Objective {
        @Override
        public String name() {
            return "ragan";
        }

        /** {@return false: each output is compared with the mean of the other batch} */
        @Override
        public boolean separable() {
            return false;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /**
     * An objective with an auxiliary classifier, ACGAN (Odena, Olah and Shlens 2017, "Conditional Image Synthesis with
     * Auxiliary Classifier GANs"), for a conditional run: the discriminator takes the image alone and outputs
     * {@code 1 + classes} values per image, the first the adversarial output that {@code adversarial} reads, the
     * others the logits of the image's class. Both networks minimise {@code adversarial}'s losses plus the softmax
     * cross-entropy of the class: D's on real images (against their labels) and on generated ones (against the labels
     * G was given), halved as the two halves of a BCE lossD are, and G's on its images:
     * {@code lossD = adversarial lossD + weight (mean CE(real) + mean CE(fake)) / 2},
     * {@code lossG = adversarial lossG + weight mean CE(fake)}. Not with a gradient penalty (wgan-gp, R1: they
     * differentiate a one-valued critic) nor weight clipping.
     *
     * @param adversarial the objective of the adversarial output
     * @param weight      the classification losses' weight, positive and finite (1 in the paper)
     */
    record AuxiliaryClassifier(Objective adversarial, double weight) implements Objective {
        /**
         * Checks the settings.
         *
         * @param adversarial the objective of the adversarial output: not itself with an auxiliary classifier, not
         *                    wgan-gp, not a clipped wgan
         * @param weight      positive and finite
         * @throws IllegalArgumentException naming the setting, if one is out of range
         * @throws NullPointerException     if {@code adversarial} is null
         */
        public AuxiliaryClassifier {
            java.util.Objects.requireNonNull(adversarial, "adversarial");
            Preconditions.checkArgument(weight > 0 && Double.isFinite(weight),
                    "aux: the auxiliary classifier's weight must be positive and finite (1 in ACGAN), got %s", weight);
            Preconditions.checkArgument(!(adversarial instanceof AuxiliaryClassifier),
                    "aux: %s already has an auxiliary classifier", adversarial);
            Preconditions.checkArgument(!(adversarial instanceof WassersteinGp), "aux: not with %s: its gradient "
                    + "penalty differentiates a critic of one output (use wgan or hinge with aux)", adversarial);
            Preconditions.checkArgument(!(adversarial instanceof Wasserstein w && w.clip() > 0), "aux: not with "
                    + "%s: weight clipping is not available with an auxiliary classifier (use wgan or hinge with "
                    + "spectral normalisation)", adversarial);
        }

        @Override
        public String name() {
            return adversarial.name();
        }

        @Override
        public boolean separable() {
            return adversarial.separable();
        }

        @Override
        public boolean outputsLogits() {
            return adversarial.outputsLogits();
        }

        /** {@return the adversarial objective's text with {@code aux=weight} among its arguments} */
        @Override
        public String toString() {
            String base = adversarial.toString();
            String aux = "aux=" + weight;
            return base.endsWith(")") ? base.substring(0, base.length() - 1) + ", " + aux + ")"
                    : base + "(" + aux + ")";
        }
    }

    /** {@return the objectives' text names, in the order documented above} */
    static List<String> names() {
        return ObjectiveText.names();
    }

    /**
     * Reads the text form: a name, optionally with {@code key=value} arguments in parentheses, e.g.
     * {@code bce(real=0.9)} or {@code wgan(clip=0.01)}; every objective also takes {@code aux=weight}, an
     * {@link AuxiliaryClassifier} (e.g. {@code bce(real=0.9, aux=1)}).
     *
     * @param text the text form
     * @return the objective
     * @throws IllegalArgumentException naming the text and what was expected: an unknown name (the names are
     *                                  listed), an argument the objective does not take, a value that is not a
     *                                  number or out of range
     */
    static Objective parse(String text) {
        return ObjectiveText.parse(text);
    }
}
