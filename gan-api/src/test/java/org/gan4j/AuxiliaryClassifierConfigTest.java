package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;

/**
 * The auxiliary-classifier objective (ACGAN): its text form, the shape of its discriminator (the image alone in,
 * {@code 1 + classes} out), the acgan recipe, and the combinations refused.
 */
class AuxiliaryClassifierConfigTest {

    private static final Shape DIGIT = Shape.image(1, 28, 28);

    @Test
    void auxIsAnArgumentOfEveryObjectivesTextForm() {
        for (String text : List.of("bce(aux=1.0)", "bce(real=0.9, aux=0.5)", "hinge(aux=2.0)", "lsgan(aux=1.0)",
                "ragan(aux=1.0)", "minimax(aux=1.0)", "wgan(aux=1.0)")) {
            Objective o = Objective.parse(text);
            assertThat(o).as(text).isInstanceOf(Objective.AuxiliaryClassifier.class);
            assertThat(o.toString()).isEqualTo(text);
            assertThat(Objective.parse(o.toString())).isEqualTo(o);
        }
        Objective.AuxiliaryClassifier a = (Objective.AuxiliaryClassifier) Objective.parse("bce(aux=3, real=0.9)");
        assertThat(a.adversarial()).isEqualTo(new Objective.NonSaturating(0.9));
        assertThat(a.weight()).isEqualTo(3.0);
        assertThat(a.outputsLogits()).isTrue();
        assertThat(Objective.parse("ragan(aux=1)").separable()).isFalse();
        assertThat(new Objective.Hinge().withAuxiliaryClassifier(1)).isEqualTo(Objective.parse("hinge(aux=1)"));

        assertThatThrownBy(() -> Objective.parse("bce(aux=0)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objective 'bce(aux=0)': aux: the auxiliary classifier's weight must be "
                        + "positive");
        assertThatThrownBy(() -> Objective.parse("wgan-gp(aux=1)")).hasMessageContaining("aux: not with "
                + "wgan-gp(lambda=10.0)");
        assertThatThrownBy(() -> Objective.parse("wgan(clip=0.01, aux=1)")).hasMessageContaining("weight clipping");
        assertThatThrownBy(() -> Objective.parse("bce(aux=1)").withAuxiliaryClassifier(1))
                .hasMessageContaining("already has an auxiliary classifier");
    }

    @Test
    void theDiscriminatorTakesTheImageAloneAndOutputsOnePlusClassesValues() {
        GanConfig acgan = Recipes.acgan().build();
        assertThat(acgan.auxiliaryClasses()).isEqualTo(10);
        assertThat(acgan.labelColumns()).isZero();
        assertThat(acgan.discriminatorSpec(DIGIT).inputShape()).isEqualTo(Shape.vector(784));
        assertThat(acgan.discriminatorSpec(DIGIT).outputShape()).isEqualTo(Shape.vector(11));
        assertThat(acgan.generatorSpec(DIGIT).inputShape()).isEqualTo(Shape.vector(74));
        assertThat(acgan.objective().toString()).isEqualTo("bce(real=0.9, aux=1.0)");
        assertThat(MetricNames.of(acgan).extras()).containsExactly(MetricNames.AUX_ACCURACY_REAL,
                MetricNames.AUX_ACCURACY_FAKE);
        assertThat(GanConfig.Builder.from(acgan.spec()).build().spec()).isEqualTo(acgan.spec());
        // the class names change, the image-alone input stays
        assertThat(Recipes.acgan().classNames(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")).build()
                .discriminatorSpec(DIGIT).inputShape()).isEqualTo(Shape.vector(784));
        // the default MLPs follow the objective: [image] -> [1 + classes]
        GanConfig mlp = Gan.builder().classes(3).objective(Objective.parse("bce(aux=1)")).build();
        assertThat(mlp.discriminatorSpec(Shape.image(1, 2, 2)).inputShape()).isEqualTo(Shape.vector(4));
        assertThat(mlp.discriminatorSpec(Shape.image(1, 2, 2)).outputShape()).isEqualTo(Shape.vector(4));
        assertThat(Recipes.cgan().build().labelColumns()).isEqualTo(10);
        assertThat(Recipes.cgan().build().auxiliaryClasses()).isZero();
    }

    @Test
    void misfitsAreRefusedNamingTheShapesAndTheObjective() {
        // cgan's discriminator outputs one logit and reads the one-hot
        assertThatThrownBy(() -> Recipes.cgan().objective(Objective.parse("bce(aux=1)")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the discriminator must output 1 + 10 = 11 values per image")
                .hasMessageContaining("bce(aux=1.0)");
        GanConfig seesLabels = Recipes.cgan().objective(Objective.parse("bce(aux=1)"))
                .discriminator(org.gan4j.nn.NetworkSpec.sequential(Shape.vector(794), org.gan4j.nn.Layers.dense(11)))
                .build();
        assertThatThrownBy(() -> seesLabels.discriminatorSpec(DIGIT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes the image alone, without the one-hot of its label: [784]");
        assertThatThrownBy(() -> Gan.builder().objective(Objective.parse("bce(aux=1)")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("give classes(n) or classesFrom");
        assertThatThrownBy(() -> Recipes.acgan().r1Penalty(1).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("r1Penalty (gamma 1.0) is not available with an auxiliary classifier");
        // an unconditional discriminator of two outputs is still refused
        assertThatThrownBy(() -> Gan.builder().discriminator(org.gan4j.nn.NetworkSpec.sequential(Shape.vector(784),
                org.gan4j.nn.Layers.dense(2))).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must output one logit per image");
    }
}
