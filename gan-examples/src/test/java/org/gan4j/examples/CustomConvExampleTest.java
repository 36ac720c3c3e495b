package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.data.Datasets;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;

class CustomConvExampleTest {

    @Test
    void theShapesFitAndTheConvGanLearns() throws IOException {
        assertThat(CustomConvExample.generator(64).inputShapeOf(7)).isEqualTo(Shape.image(16, 7, 7));
        assertThat(CustomConvExample.generator(64).outputShape()).isEqualTo(Shape.image(1, 28, 28));
        assertThat(CustomConvExample.discriminator().inputShapeOf(6)).isEqualTo(Shape.vector(32 * 7 * 7));
        GanResult result = CustomConvExample.train(Datasets.first(DataSource.embedded(), 640), 120);
        assertThat(result.provenance().steps()).isEqualTo(120);
        List<EpochSummary> h = result.history();
        EpochSummary last = h.get(h.size() - 1);
        assertThat(last.lossD()).isFinite();
        assertThat(last.meanDReal() - last.meanDFake()).as("D tells real from fake").isGreaterThan(0.1);
        assertThat(result.generator().sample(8).shape()).containsExactly(8, 784);
        assertThat(result.discriminator().buffers()).containsKeys("6.rng", "3.running_mean");
    }
}
