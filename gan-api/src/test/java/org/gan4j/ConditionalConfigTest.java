package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;

/** The configuration of conditional runs: widths, the spec's JSON, the recipe. */
class ConditionalConfigTest {

    @Test
    void classesWidenVectorInputSpecsAndZeroTakesThemBack() {
        GanConfig c = Recipes.cgan().build();
        assertThat(c.classes()).isEqualTo(10);
        assertThat(c.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(c.zDim()).isEqualTo(64);
        assertThat(c.generatorSpec(Shape.image(1, 28, 28)).inputShape()).isEqualTo(Shape.vector(74));
        assertThat(c.discriminatorSpec(Shape.image(1, 28, 28)).inputShape()).isEqualTo(Shape.vector(794));
        // the twin's layers otherwise: mlp-tuned's
        assertThat(c.generatorSpec(Shape.image(1, 28, 28)).layerTexts())
                .isEqualTo(Recipes.mlpTuned().build().generatorSpec(Shape.image(1, 28, 28)).layerTexts());
        // and mlp-tuned's settings but the length: the label is learnt late (Recipes.cgan, docs/fidelity.md)
        assertThat(c.epochs()).isEqualTo(400);
        assertThat(Recipes.acgan().build().epochs()).isEqualTo(50);
        assertThat(Recipes.cgan().classes(0).epochs(50).build().spec()).isEqualTo(Recipes.mlpTuned().build().spec());
        assertThat(Recipes.cgan().zDim(32).build().generatorSpec(Shape.image(1, 28, 28)).inputShape())
                .isEqualTo(Shape.vector(42));
        // the default MLPs take the one-hot too
        GanConfig plain = Gan.builder().classes(3).build();
        assertThat(plain.generatorSpec(Shape.image(1, 2, 2)).inputShape()).isEqualTo(Shape.vector(67));
        assertThat(plain.discriminatorSpec(Shape.image(1, 2, 2)).inputShape()).isEqualTo(Shape.vector(7));
        assertThat(c.toString()).contains("classes=10");
    }

    @Test
    void theClassCountIsPartOfTheSpecAndItsJson() {
        RunSpec spec = Recipes.cgan().build().spec();
        assertThat(spec.classes()).isEqualTo(10);
        String json = spec.toJson();
        assertThat(json).contains("\"classes\" : 10");
        assertThat(RunSpec.fromJson(json)).isEqualTo(spec);
        assertThat(GanConfig.Builder.from(spec).build().spec()).isEqualTo(spec);
        assertThat(Recipes.mlpTuned().build().spec().toJson()).as("unconditional JSON as before")
                .doesNotContain("classes");
        assertThat(spec.firstDifference(Recipes.mlpTuned().classes(10).epochs(400).build().spec())).isEmpty();
        assertThatThrownBy(() -> RunSpec.fromJson(json.replace("\"classes\" : 10", "\"classes\" : 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes must be at least 2");
    }

    @Test
    void badNamesAreRefusedNamingThem() {
        assertThatThrownBy(() -> Gan.builder().classNames(List.of("only"))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("at least 2 classes, got 1 (only)");
        assertThatThrownBy(() -> Gan.builder().classNames(List.of("a", ""))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("name 1 must be 1 to 200 characters");
        assertThatThrownBy(() -> Gan.builder().classNames(List.of("a", "b\nc"))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("name 1");
        assertThatThrownBy(() -> Gan.builder().classes(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classes must be at least 2 (or 0 for an unconditional run), got -2");
    }
}
