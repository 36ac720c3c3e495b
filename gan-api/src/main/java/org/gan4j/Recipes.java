package org.gan4j;

import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.convTranspose2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.dropout;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.projection;
import static org.gan4j.nn.Layers.relu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.spectralNorm;
import static org.gan4j.nn.Layers.tanh;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;

/**
 * Named, tested configurations: architectures with the hyperparameters they were tuned with, each the twin of a
 * PyTorch program in the reference ({@code torch_recipes.py}), layer for layer. A recipe is a starting
 * {@link GanConfig.Builder}: change what you like before training.
 *
 * <pre>{@code
 * GanResult r = Recipes.dcgan().epochs(10).train(mnist);
 * GanResult s = Recipes.named("dcgan").builder().seed(7).train(mnist);
 * }</pre>
 */
public final class Recipes {

    /**
     * A named configuration.
     *
     * @param name        what {@code --recipe} takes, e.g. {@code dcgan}
     * @param description one line for listings
     * @param defaults    makes the recipe's builder: a new one on every call, so changes to one never reach another
     */
    public record Recipe(String name, String description, Supplier<GanConfig.Builder> defaults) {
        /**
         * Checks the fields.
         *
         * @param name        what {@code --recipe} takes, e.g. {@code dcgan}
         * @param description one line for listings
         * @param defaults    makes the recipe's builder; called once per {@link #builder()}
         * @throws NullPointerException if an argument is null
         */
        public Recipe {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaults, "defaults");
        }

        /** {@return a new builder holding the recipe's settings} */
        public GanConfig.Builder builder() {
            return defaults.get();
        }
    }

    private static final List<Recipe> ALL = List.of(
            new Recipe("reference", "the PyTorch simple GAN: MLPs z-256-784 and 784-128-1, LeakyReLU 0.01, BCE, Adam "
                    + "3e-4, batch 32 (the default)", Recipes::reference),
            new Recipe("dcgan", "DCGAN for 28x28 images: G dense-BN-ReLU, two transposed convolutions; D two "
                    + "convolutions with BN and LeakyReLU 0.2; Adam 2e-4 (0.5, 0.999), batch 64", Recipes::dcgan),
            new Recipe("mlp-tuned", "wider MLPs z-256-512-784 and 784-512-256-1 with dropout 0.3 in D, LeakyReLU "
                    + "0.2, BCE with real label 0.9, Adam 2e-4 (0.5, 0.999), batch 64", Recipes::mlpTuned),
            new Recipe("lsgan", "mlp-tuned's networks and optimizer with the least-squares objective (LSGAN)",
                    Recipes::lsgan),
            new Recipe("wgan-gp", "WGAN-GP: mlp-tuned's generator, an MLP critic 784-512-256-1 (LeakyReLU 0.2), "
                    + "gradient penalty 10, 5 critic steps per generator step, Adam 1e-4 (0.5, 0.9), batch 64",
                    Recipes::wganGp),
            new Recipe("sngan-hinge", "SN-GAN for 28x28 images: dcgan's generator; a critic of four convolutions and a "
                    + "dense layer under spectral norm, LeakyReLU 0.1, no batch norm; hinge loss, Adam 2e-4 (0.5, "
                    + "0.999), batch 64", Recipes::snganHinge),
            new Recipe("cgan", "conditional mlp-tuned (cGAN): G takes z and the one-hot of a class (64 + 10), D the "
                    + "image and the one-hot of its label (784 + 10); 400 epochs; needs a labelled dataset (MNIST)",
                    Recipes::cgan),
            new Recipe("acgan", "auxiliary-classifier GAN (ACGAN) on cgan's generator: D the image alone, 784-512-256 "
                    + "with dropout 0.3, then 1 + 10 outputs (real/fake and the class); bce(real=0.9, aux=1.0); needs "
                    + "a labelled dataset", Recipes::acgan),
            new Recipe("dcgan-cond", "conditional DCGAN: dcgan's G on z and the one-hot of a class (64 + 10), a "
                    + "projection D (dcgan's convolutions as features, a linear output plus the inner product with a "
                    + "class embedding); dcgan's optimizer; needs a labelled dataset", Recipes::dcganCond));

    private Recipes() {
    }

    /** {@return every recipe, the default first} */
    public static List<Recipe> all() {
        return ALL;
    }

    /**
     * A recipe by name.
     *
     * @param name e.g. {@code dcgan}
     * @return the recipe
     * @throws IllegalArgumentException naming the known recipes, if there is none of that name
     */
    public static Recipe named(String name) {
        for (Recipe r : ALL) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown recipe '" + name + "'; known: "
                + String.join(", ", ALL.stream().map(Recipe::name).toList()));
    }

    /** {@return the reference configuration: every default of {@link Gan#builder()}} */
    public static GanConfig.Builder reference() {
        return Gan.builder();
    }

    /**
     * DCGAN for 28x28 grey images, {@code torch_recipes.py --recipe dcgan}: G {@code z64 -> dense 6272 -> 128x7x7
     * -> BN, ReLU -> convT 64 (k4, s2, p1) -> BN, ReLU -> convT 1 (k4, s2, p1) -> tanh}; D {@code conv 64 (k4, s2,
     * p1) -> LeakyReLU 0.2 -> conv 128 (k4, s2, p1) -> BN, LeakyReLU 0.2 -> dense 1}; BCE from logits,
     * non-saturating G; Adam 2e-4, betas (0.5, 0.999); batch 64; 40 epochs. D sees real and generated batches in
     * separate passes (batch statistics per batch).
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder dcgan() {
        return Gan.builder().generator(dcganGenerator(64)).discriminator(dcganDiscriminator())
                .learningRate(2e-4).betas(0.5, 0.999).batchSize(64).epochs(40);
    }

    /**
     * The tuned MLP GAN, {@code torch_recipes.py --recipe mlp_wide}: G {@code z64 -> 256 -> 512 -> 784}, LeakyReLU
     * 0.2, tanh; D {@code 784 -> 512 -> 256 -> 1}, LeakyReLU 0.2, dropout 0.3 after each hidden layer; BCE from
     * logits with one-sided label smoothing (real label 0.9); Adam 2e-4, betas (0.5, 0.999); batch 64; 50 epochs.
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder mlpTuned() {
        return Gan.builder().generator(wideMlpGenerator(64)).discriminator(wideMlpDiscriminator())
                .objective(new Objective.NonSaturating(0.9)).learningRate(2e-4).betas(0.5, 0.999).batchSize(64)
                .epochs(50);
    }

    /**
     * The conditional GAN (Mirza and Osindero 2014) on {@link #mlpTuned()}, {@code torch_recipes.py --recipe cgan}: G
     * {@code [z64, onehot(label)] = 74 -> 256 -> 512 -> 784}; D {@code [image, onehot(label)] = 794 -> 512 -> 256 ->
     * 1} with dropout 0.3; real images with their dataset labels, generated ones with labels drawn uniformly; BCE from
     * logits with real label 0.9; Adam 2e-4, betas (0.5, 0.999); batch 64; 400 epochs; 10 classes named 0 to 9. Needs
     * a labelled dataset; sample it by class ({@link TrainedGenerator#sample(int, int)}).
     *
     * <p>400 epochs (62,800 steps on the 10,000 embedded digits) because the label is learnt late: after 50 epochs the
     * shipped MNIST classifier takes 56 % of {@code sample(1000, c)} for {@code c}, after 200 epochs 94 % (the fives
     * and nines below 90 %), after 400 epochs 96 %, every class at 93 % or more (docs/fidelity.md).
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder cgan() {
        return mlpTuned().classes(10).epochs(400);
    }

    /**
     * ACGAN (Odena, Olah and Shlens 2017) on {@link #cgan()}'s generator and optimizer: G {@code [z64, onehot(label)]
     * = 74 -> 256 -> 512 -> 784}; D takes the image alone, {@link #auxiliaryMlpDiscriminator(int)
     * 784 -> 512 -> 256 -> 1 + 10} with dropout 0.3, its first output the real/fake logit and the others the class
     * logits; the objective {@code bce(real=0.9, aux=1.0)} ({@link Objective.AuxiliaryClassifier}: cgan's BCE plus
     * the softmax cross-entropy of the class, on real and generated images for D, on generated ones for G); Adam 2e-4,
     * betas (0.5, 0.999); batch 64; 50 epochs; 10 classes. No PyTorch twin in the reference.
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder acgan() {
        return cgan().objective(new Objective.NonSaturating(0.9).withAuxiliaryClassifier(1.0))
                .discriminator(auxiliaryMlpDiscriminator(10)).epochs(50);
    }

    /**
     * The discriminator of {@link #acgan()}: {@link #wideMlpDiscriminator()}'s layers with {@code 1 + classes}
     * outputs.
     *
     * @param classes the classes of its auxiliary head, at least 2
     * @return {@code [784] -> [1 + classes]}
     */
    public static NetworkSpec auxiliaryMlpDiscriminator(int classes) {
        return NetworkSpec.sequential(Shape.vector(784), dense(512), leakyRelu(0.2), dropout(0.3), dense(256),
                leakyRelu(0.2), dropout(0.3), dense(1 + classes));
    }

    /**
     * A conditional DCGAN with a projection discriminator (Miyato and Koyama 2018) for 28x28 grey images: G is
     * {@link #dcganGenerator(int) DCGAN's} on {@code [z64, onehot(label)] = 74} values; D is
     * {@link #projectionDiscriminator(int)}: DCGAN's discriminator without its last dense layer as the features
     * {@code phi(x)} (6,272 values), and {@code D(x, y) = w . phi(x) + b + <embed(y), phi(x)>}; BCE from logits,
     * non-saturating G; Adam 2e-4, betas (0.5, 0.999); batch 64; 40 epochs, as {@link #dcgan()}; 10 classes. D sees
     * real and generated batches in separate passes (its batch norm). No PyTorch twin in the reference.
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder dcganCond() {
        return Gan.builder().classes(10).generator(dcganGenerator(64 + 10)).discriminator(projectionDiscriminator(10))
                .learningRate(2e-4).betas(0.5, 0.999).batchSize(64).epochs(40);
    }

    /**
     * The projection discriminator of {@link #dcganCond()}: {@code [784 + classes] -> projection(phi) -> [1]}, with
     * {@code phi} = {@link #dcganDiscriminator()} without its dense output: reshape to 1x28x28, conv 64 (k4, s2, p1),
     * LeakyReLU 0.2, conv 128 (k4, s2, p1), batch norm, LeakyReLU 0.2, flatten (6,272 features).
     *
     * @param classes the number of classes, at least 2
     * @return the discriminator's spec
     */
    public static NetworkSpec projectionDiscriminator(int classes) {
        NetworkSpec features = NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), conv2d(64, 4, 2, 1),
                leakyRelu(0.2), conv2d(128, 4, 2, 1), batchNorm(), leakyRelu(0.2), flatten());
        return NetworkSpec.sequential(Shape.vector(784 + classes), projection(features));
    }

    /**
     * LSGAN (Mao et al. 2017) on {@link #mlpTuned()}'s networks, optimizer and batch size, without label smoothing.
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder lsgan() {
        return Gan.builder().generator(wideMlpGenerator(64)).discriminator(wideMlpDiscriminator())
                .objective(new Objective.LeastSquares()).learningRate(2e-4).betas(0.5, 0.999).batchSize(64)
                .epochs(50);
    }

    /**
     * WGAN-GP, {@code torch_recipes.py --recipe wgan_gp}: {@link #mlpTuned()}'s generator; the critic
     * {@code 784 -> 512 -> 256 -> 1}, LeakyReLU 0.2, no dropout (the penalty needs a second derivative); the
     * Wasserstein loss with a gradient penalty of weight 10; 5 critic updates per generator update (each on its own
     * batch, as the twin); Adam 1e-4, betas (0.5, 0.9) on both; batch 64; 160 epochs of the 10,000 digits (25,120
     * critic updates, 5,024 generator updates).
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder wganGp() {
        return Gan.builder().generator(wideMlpGenerator(64)).discriminator(mlpCritic())
                .objective(new Objective.WassersteinGp(10)).criticSteps(5).learningRate(1e-4).betas(0.5, 0.9)
                .batchSize(64).epochs(160);
    }

    /**
     * SN-GAN (Miyato et al. 2018, "Spectral Normalization for Generative Adversarial Networks") scaled to 28x28 grey
     * images: G is {@link #dcganGenerator(int) DCGAN's}; the critic is {@link #snganCritic()}, the paper's standard
     * CNN (its Table 3: 3x3 stride-1 and 4x4 stride-2 convolutions in pairs, LeakyReLU 0.1, spectral norm on every
     * weight, no batch norm) with its first two pairs, 64 and 128 channels; the hinge loss ({@link Objective.Hinge});
     * one critic update per generator update; Adam 2e-4, betas (0.5, 0.999), the paper's setting C of Table 1 (the
     * DCGAN setting, {@code n_dis = 1}; the betas (0, 0.9) of its ResNet runs go with 5 critic updates per generator
     * update); batch 64; 40 epochs, as {@link #dcgan()}.
     *
     * @return a builder with the recipe's settings
     */
    public static GanConfig.Builder snganHinge() {
        return Gan.builder().generator(dcganGenerator(64)).discriminator(snganCritic())
                .objective(new Objective.Hinge()).learningRate(2e-4).betas(0.5, 0.999).batchSize(64).epochs(40);
    }

    /**
     * {@return the SN-GAN recipe's critic, {@code [784] -> [1]}: spectral-normalised conv 64 (k3, s1, p1), conv 64
     * (k4, s2, p1), conv 128 (k3, s1, p1), conv 128 (k4, s2, p1), each followed by LeakyReLU 0.1, then flatten and a
     * spectral-normalised dense 1}
     */
    public static NetworkSpec snganCritic() {
        return NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28),
                spectralNorm(conv2d(64, 3, 1, 1)), leakyRelu(0.1), spectralNorm(conv2d(64, 4, 2, 1)), leakyRelu(0.1),
                spectralNorm(conv2d(128, 3, 1, 1)), leakyRelu(0.1), spectralNorm(conv2d(128, 4, 2, 1)),
                leakyRelu(0.1), flatten(), spectralNorm(dense(1)));
    }

    /** {@return the WGAN-GP recipe's critic, {@code [784] -> [1]}: dense 512, 256, 1 with LeakyReLU 0.2} */
    public static NetworkSpec mlpCritic() {
        return NetworkSpec.sequential(Shape.vector(784), dense(512), leakyRelu(0.2), dense(256), leakyRelu(0.2),
                dense(1));
    }

    /**
     * The wide MLP generator of {@link #mlpTuned()}.
     *
     * @param zDim the noise size, positive
     * @return {@code [zDim] -> [784]}
     */
    public static NetworkSpec wideMlpGenerator(int zDim) {
        return NetworkSpec.sequential(Shape.vector(zDim), dense(256), leakyRelu(0.2), dense(512), leakyRelu(0.2),
                dense(784), tanh());
    }

    /** {@return the wide MLP discriminator of {@link #mlpTuned()}, {@code [784] -> [1]} with dropout 0.3} */
    public static NetworkSpec wideMlpDiscriminator() {
        return NetworkSpec.sequential(Shape.vector(784), dense(512), leakyRelu(0.2), dropout(0.3), dense(256),
                leakyRelu(0.2), dropout(0.3), dense(1));
    }

    /**
     * The DCGAN recipe's generator.
     *
     * @param zDim the noise size, positive (the recipe trains with 64)
     * @return {@code [zDim] -> [784]} (28x28 grey images, NCHW rows)
     */
    public static NetworkSpec dcganGenerator(int zDim) {
        return NetworkSpec.sequential(Shape.vector(zDim), dense(128 * 7 * 7), reshape(128, 7, 7), batchNorm(), relu(),
                convTranspose2d(64, 4, 2, 1, 0), batchNorm(), relu(), convTranspose2d(1, 4, 2, 1, 0), tanh(),
                reshape(784));
    }

    /** {@return the DCGAN recipe's discriminator, {@code [784] -> [1]} (a logit)} */
    public static NetworkSpec dcganDiscriminator() {
        return NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), conv2d(64, 4, 2, 1), leakyRelu(0.2),
                conv2d(128, 4, 2, 1), batchNorm(), leakyRelu(0.2), flatten(), dense(1));
    }
}
