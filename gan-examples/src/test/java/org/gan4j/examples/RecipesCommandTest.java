package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.gan4j.Recipes;
import org.junit.jupiter.api.Test;

/** {@code gan4j recipes}: one line per recipe, the name first. */
class RecipesCommandTest {

    @Test
    void everyRecipeIsListedOnItsOwnLineWithItsDescription() {
        CliTest.Run r = CliTest.run("recipes");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\\R");
        assertThat(lines).hasSize(Recipes.all().size());
        for (int i = 0; i < lines.length; i++) {
            Recipes.Recipe recipe = Recipes.all().get(i);
            assertThat(lines[i]).startsWith(recipe.name() + " ").endsWith(recipe.description());
        }
        assertThat(r.out()).contains("sngan-hinge").contains("spectral norm").contains("hinge loss");
    }
}
