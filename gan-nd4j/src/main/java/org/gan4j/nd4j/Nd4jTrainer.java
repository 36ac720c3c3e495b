package org.gan4j.nd4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Discriminator;
import org.gan4j.EpochSummary;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.Loss;
import org.gan4j.Provenance;
import org.gan4j.SeededRandom;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.Trainer;
import org.gan4j.TrainingListener;
import org.gan4j.Version;
import org.gan4j.data.Dataset;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.loss.BceWithLogitsLoss;
import org.gan4j.nd4j.optim.Adam;

/**
 * Trains a GAN with the reference algorithm ({@link GanStep}), on shuffled batches: each epoch visits every image
 * once in an order drawn from the seed, and the last batch holds the remainder (PyTorch's DataLoader with
 * {@code shuffle=True}). Keeps no state between runs.
 */
final class Nd4jTrainer implements Trainer {

    /** Independent random streams of a run, derived from its seed. */
    static final long STREAM_GENERATOR_INIT = 1;
    static final long STREAM_DISCRIMINATOR_INIT = 2;
    static final long STREAM_NOISE = 3;
    static final long STREAM_SHUFFLE = 4;
    static final long STREAM_SAMPLES = 5;
    static final long STREAM_EPOCH_SAMPLES = 6;

    private final Nd4jEngine engine;

    Nd4jTrainer(Nd4jEngine engine) {
        this.engine = engine;
    }

    @Override
    public GanResult train(GanConfig config, Dataset dataset) {
        int imageSize = dataset.imageSize();
        if (dataset.size() <= 0) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " is empty");
        }
        long seed = config.seed();
        Generator g = config.generator().orElseGet(() -> engine.generator(config.generatorMlp(), config.zDim(),
                imageSize, config.dataType(), SeededRandom.forStream(seed, STREAM_GENERATOR_INIT).nextLong()));
        Discriminator d = config.discriminator().orElseGet(() -> engine.discriminator(config.discriminatorMlp(),
                imageSize, config.dataType(), SeededRandom.forStream(seed, STREAM_DISCRIMINATOR_INIT).nextLong()));
        if (g.outputSize() != imageSize) {
            throw new IllegalArgumentException("generator outputs " + g.outputSize() + " values per image but "
                    + dataset.name() + " has images of " + dataset.height() + "x" + dataset.width() + "x"
                    + dataset.channels() + " = " + imageSize);
        }
        if (d.inputSize() != imageSize) {
            throw new IllegalArgumentException("discriminator takes " + d.inputSize() + " values per image but "
                    + dataset.name() + " has images of " + imageSize);
        }
        engine.configureThreads(config.batchSize());
        Kernels kernels = engine.kernels();
        Loss loss = config.loss().orElseGet(() -> new BceWithLogitsLoss(kernels));
        Adam adamG = new Adam(kernels, g, config.learningRate(), config.beta1(), config.beta2(), config.epsilon());
        Adam adamD = new Adam(kernels, d, config.learningRate(), config.beta1(), config.beta2(), config.epsilon());
        GanStep step = new GanStep(kernels, g, d, loss, adamG, adamD, SeededRandom.forStream(seed, STREAM_NOISE));
        TrainedGenerator live = new TrainedGenerator(g, dataset.height(), dataset.width(), dataset.channels(),
                SeededRandom.forStream(seed, STREAM_EPOCH_SAMPLES).nextLong());
        List<TrainingListener> listeners = config.listeners();

        Instant started = Instant.now();
        long t0 = System.nanoTime();
        for (TrainingListener l : listeners) {
            l.onStart(config, engine.backend());
        }
        long maxSteps = config.maxSteps().orElse(Long.MAX_VALUE);
        int batchSize = config.batchSize();
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SeededRandom shuffle = SeededRandom.forStream(seed, STREAM_SHUFFLE);
        List<EpochSummary> history = new ArrayList<>();
        long steps = 0;
        int epoch = 0;
        while (epoch < config.epochs() && steps < maxSteps) {
            epoch++;
            long epochStart = System.nanoTime();
            shuffle.shuffle(order);
            double sumD = 0;
            double sumG = 0;
            double sumReal = 0;
            double sumFake = 0;
            int batchInEpoch = 0;
            for (int from = 0; from < n && steps < maxSteps; from += batchSize) {
                int b = Math.min(batchSize, n - from);
                dataset.copyImages(order, from, b, step.realImages(b));
                step.run(b);
                steps++;
                batchInEpoch++;
                if (!Double.isFinite(step.lossD()) || !Double.isFinite(step.lossG())) {
                    throw new IllegalStateException("training diverged at step " + steps + " (epoch " + epoch
                            + "): lossD=" + step.lossD() + ", lossG=" + step.lossG()
                            + "; try a smaller learning rate (now " + config.learningRate() + ")");
                }
                sumD += step.lossD();
                sumG += step.lossG();
                sumReal += step.meanDReal();
                sumFake += step.meanDFake();
                if (!listeners.isEmpty()) {
                    StepMetrics m = new StepMetrics(steps, epoch, batchInEpoch, b, step.lossD(), step.lossG(),
                            step.meanDReal(), step.meanDFake());
                    for (TrainingListener l : listeners) {
                        l.onStep(m);
                    }
                }
            }
            EpochSummary summary = new EpochSummary(epoch, steps, batchInEpoch, sumD / batchInEpoch,
                    sumG / batchInEpoch, sumReal / batchInEpoch, sumFake / batchInEpoch,
                    Duration.ofNanos(System.nanoTime() - epochStart));
            history.add(summary);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(summary, live);
            }
        }
        Provenance provenance = new Provenance(config, dataset.name(), n, engine.providerName(), engine.backend(),
                Version.get(), steps, epoch, started, Duration.ofNanos(System.nanoTime() - t0));
        GanResult result = new GanResult(new TrainedGenerator(g, dataset.height(), dataset.width(),
                dataset.channels(), SeededRandom.forStream(seed, STREAM_SAMPLES).nextLong()), d, history,
                provenance);
        for (TrainingListener l : listeners) {
            l.onEnd(result);
        }
        return result;
    }
}
