package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Recipes;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingWarnings;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recipe trains on real digits with finite losses and varied samples, and resumes bit for bit. */
class RecipeTrainingTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 640);
    }

    static Stream<String> recipes() {
        return Recipes.all().stream().map(Recipes.Recipe::name);
    }

    /** DCGAN's resume is ConvTrainingTest's (with batch norm and dropout state); the rest here. */
    static Stream<String> recipesButDcgan() {
        return recipes().filter(r -> !r.equals("dcgan"));
    }

    private static int steps(String recipe) {
        return switch (recipe) {
            case "dcgan", "dcgan-cond" -> 12; // DCGAN's step is ~100x the MLPs'
            case "sngan-hinge" -> 8; // its critic's convolutions are ~6x DCGAN's discriminator's
            default -> 40;
        };
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void trainsWithFiniteLossesAndSamplesThatDiffer(String recipe) {
        List<StepMetrics> steps = new ArrayList<>();
        GanResult r = Gan.trainer().train(Recipes.named(recipe).builder().seed(3).maxSteps(steps(recipe))
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics m) {
                        steps.add(m);
                    }
                }).build(), digits);
        assertThat(steps).hasSize(steps(recipe));
        assertThat(steps).allSatisfy(m -> {
            assertThat(m.lossD()).isFinite();
            assertThat(m.lossG()).isFinite();
        });
        // a conditional recipe's samples of one class (its unconditional sample(n) is refused)
        double spread = TrainingWarnings.spread(r.generator().isConditional()
                ? r.generator().sample(TrainingWarnings.SAMPLES, 3) : r.generator().sample(TrainingWarnings.SAMPLES));
        assertThat(spread).as("%s: samples of different noise differ (the library's collapse check)", recipe)
                .isGreaterThan(TrainingWarnings.COLLAPSED_SPREAD);
    }

    @ParameterizedTest
    @MethodSource("recipesButDcgan")
    void resumesBitForBit(String recipe) throws IOException {
        int n = steps(recipe);
        GanResult straight = Gan.trainer().train(Recipes.named(recipe).builder().seed(4).maxSteps(n).build(), digits);
        Path dir = tmp.resolve(recipe);
        Gan.trainer().train(Recipes.named(recipe).builder().seed(4).maxSteps(n / 2).checkpointDir(dir).build(),
                digits);
        GanResult resumed = Gan.trainer().resume(Recipes.named(recipe).builder().seed(4).maxSteps(n).build(), digits,
                CheckpointFile.newest(dir));
        assertThat(ArrayBytes.toBytes(resumed.generator().network().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.generator().network().parameters()));
        assertThat(ArrayBytes.toBytes(resumed.discriminator().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().parameters()));
        for (var b : straight.discriminator().buffers().entrySet()) {
            assertThat(ArrayBytes.toBytes(resumed.discriminator().buffers().get(b.getKey())))
                    .as("%s: discriminator buffer %s", recipe, b.getKey()).isEqualTo(ArrayBytes.toBytes(b.getValue()));
        }
    }
}
