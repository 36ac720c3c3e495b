package org.gan4j.nd4j;

import java.util.Map;
import org.gan4j.Generator;
import org.gan4j.GeneratorEma;
import org.gan4j.Network;
import org.gan4j.nd4j.kernels.EmaState;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exponential moving average of a run's generator ({@link GeneratorEma}): a copy of the generator
 * ({@link Network#copy()}) whose parameters are the average, updated after each generator update without
 * allocating. Its buffers (BatchNorm's running statistics) are not averaged but copied from the live generator each
 * time the copy is handed out, as StyleGAN2-ADA's training loop does ({@code b_ema.copy_(b)} after each step): the
 * statistics then describe the live generator's activations, which are close to the average's.
 */
final class GeneratorAverage {

    /** The checkpoint entry of the average's parameters, laid out like {@code parameters.bin}. */
    static final String ENTRY = org.gan4j.io.GeneratorFile.EMA_PARAMETERS_ENTRY;
    /** The checkpoint manifest field of the settings ({@link GeneratorEma#text()}); absent when the EMA is off. */
    static final String FIELD = "config.generatorEma";

    private final GeneratorEma settings;
    private final Generator live;
    private final Generator average;
    private final EmaState state;
    /** Whether the state changed since {@link #generator()} last published it. */
    private boolean stale;

    private GeneratorAverage(GeneratorEma settings, Generator live, Generator average, EmaState state) {
        this.settings = settings;
        this.live = live;
        this.average = average;
        this.state = state;
    }

    /**
     * The average of {@code live}, starting as a copy of its current parameters.
     *
     * @throws IllegalStateException naming generatorEma, if the generator cannot be copied (a hand-written one that
     *                               does not implement {@link Network#copy()})
     */
    static GeneratorAverage of(Kernels kernels, Generator live, GeneratorEma settings) {
        Network copy;
        try {
            copy = live.copy();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("generatorEma " + settings + " needs a copy of the generator, but "
                    + live.getClass().getName() + " does not implement Network.copy(): " + e.getMessage(), e);
        }
        if (!(copy instanceof Generator g) || g.parameterCount() != live.parameterCount()
                || g.dataType() != live.dataType()) {
            throw new IllegalStateException("generatorEma " + settings + ": " + live.getClass().getName()
                    + ".copy() did not return a generator with the same parameters");
        }
        return new GeneratorAverage(settings, live, g, kernels.emaState(live.parameters(), g.parameters()));
    }

    /**
     * Follows a generator update made at run step {@code step}: copies the live parameters up to the start step,
     * averages after it.
     *
     * @param step the run's step number, from 1
     */
    void afterGeneratorUpdate(long step) {
        if (step <= settings.startStep()) {
            state.copyLive();
        } else {
            state.update(settings.decay());
        }
        stale = true;
    }

    /** {@return the averaged generator, its parameters and buffers current: what sampling and saving use} */
    Generator generator() {
        if (stale) {
            state.publish();
            stale = false;
        }
        Map<String, INDArray> mine = average.buffers();
        for (Map.Entry<String, INDArray> b : live.buffers().entrySet()) {
            mine.get(b.getKey()).assign(b.getValue());
        }
        return average;
    }

    /** {@return the average's parameters as checkpoint bytes, into {@code reuse} when it fits} */
    byte[] bytes(byte[] reuse) {
        return state.bytes(reuse);
    }

    /** Replaces the average with a checkpoint's ({@code saved}: laid out like the parameters). */
    void restore(INDArray saved) {
        state.restore(saved);
        stale = true;
    }
}
