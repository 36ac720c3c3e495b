package org.gan4j.nd4j;

import java.util.function.Supplier;
import org.gan4j.GanConfig;
import org.gan4j.MetricNames;
import org.gan4j.SeededRandom;
import org.gan4j.data.Dataset;
import org.gan4j.nd4j.penalty.WganGpPenalty;

/**
 * The default {@link TrainingStep.Factory}: a {@link GanStep} with the configuration's schedule and objective options,
 * its random streams registered in the run's state. A stream exists only where something draws from it (WGAN-GP's
 * interpolation weights, instance noise, a conditional run's labels), so that other runs' checkpoints stay as they
 * were.
 */
final class GanSteps {

    /** The manifest field of the generator's last loss, which a run with critic steps reports between its updates. */
    static final String LAST_LOSS_G = "lastLossG";

    private GanSteps() {
    }

    /**
     * The step of a run.
     *
     * @see TrainingStep.Factory#create
     */
    static TrainingStep create(GanConfig config, Dataset dataset, RunNetworks n, RunState state) {
        long seed = config.seed();
        RandomStream noise = RandomStream.of(seed, TrainingRun.STREAM_NOISE, "random.noise").registerIn(state);
        MetricNames names = MetricNames.of(config);
        // only WGAN-GP draws (R1 does not)
        Supplier<SeededRandom> penaltyRandom = n.penalty instanceof WganGpPenalty
                ? RandomStream.of(seed, TrainingRun.STREAM_PENALTY, "random.penalty").registerIn(state)
                : () -> null;
        GanStep step = new GanStep(n.kernels, n.g, n.d, n.loss, n.optimizerG, n.optimizerD, noise,
                config.criticSteps(), n.clip(), names.probabilities(), n.penalty, penaltyRandom);
        step.reportExtras(names.extras());
        if (config.instanceNoise().isPresent()) {
            step.addInstanceNoise(config.instanceNoise().get(), RandomStream.of(seed,
                    TrainingRun.STREAM_INSTANCE_NOISE, "random.instanceNoise").registerIn(state));
        }
        if (config.classes() > 0) {
            RandomStream labels = RandomStream.of(seed, TrainingRun.STREAM_LABELS, "random.labels").registerIn(state);
            step.conditionOn(new Conditioning(n.kernels, config.zDim(), dataset.imageSize(), config.classes(),
                    config.dataType(), labels));
        }
        if (config.criticSteps() > 1) {
            // reported until the next generator update, as the run that never stopped does
            state.register(LAST_LOSS_G, s -> s.field(LAST_LOSS_G, Double.toString(step.lossG())),
                    c -> step.restoreLossG(Double.parseDouble(c.field(LAST_LOSS_G))));
        }
        return step;
    }
}
