package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptionalLibraryTest {

    @Test
    void aMissingLibraryIsNamedWithTheDependencyToAdd() {
        assertThat(OptionalLibrary.present("org.example.NoSuchChart")).isFalse();
        assertThat(OptionalLibrary.XCHART.missingMessage("LossPlotListener"))
                .isEqualTo("LossPlotListener needs org.knowm.xchart:xchart (tested with 3.8.8) on the class path: add "
                        + "the dependency org.knowm.xchart:xchart:3.8.8 to your build");
    }

    @Test
    void theOptionalLibrariesAreFoundWhenPresent() {
        // gan-api's own tests see its optional dependencies
        assertThat(OptionalLibrary.XCHART.present()).isTrue();
        assertThat(OptionalLibrary.PROGRESS_BAR.present()).isTrue();
    }
}
