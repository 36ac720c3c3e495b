package org.gan4j.nd4j;

import java.util.HashMap;
import java.util.Map;
import org.gan4j.Loss;
import org.gan4j.Network;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.optim.Optimizer;
import org.gan4j.nd4j.optim.StepInParts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One training step of the reference program, with every buffer allocated once per batch size:
 * <ol>
 *   <li>{@code fake = G(z)}, {@code z ~ N(0, 1)};</li>
 *   <li>{@code lossD = (BCE(D(real), 1) + BCE(D(fake), 0)) / 2}; update D. Real and fake go through D as one batch
 *       of {@code 2b} rows (the same maths as two passes, with bigger matrix products), unless D normalises over
 *       its batch ({@link Network#batchDependent()}): then as two batches, real first, as in PyTorch's DCGAN, where
 *       the real pass is backpropagated before the fake pass overwrites what backward needs (exact for a
 *       {@link Loss#separable()} loss);</li>
 *   <li>{@code lossG = BCE(D(fake), 1)} through the <em>updated</em> D with the same fake batch; update G.</li>
 * </ol>
 * Other objectives replace the losses ({@link Loss}); weight clipping clamps D's parameters after its update; with
 * {@code criticSteps = n} the generator's update (step 3) runs at every n-th step only, and the generator's loss
 * reported between them is the last one computed.
 *
 * <p>With {@link org.gan4j.InstanceNoise instance noise} on and {@code sigma(step) > 0}, D sees {@code real + n1}
 * and {@code G(z) + n2} in its update and {@code G(z) + n3} in G's (fresh noise; a relativistic objective's real
 * batch keeps {@code n1}), each {@code sigma * N(0, 1)} drawn in that order from the noise's own stream; the
 * gradient penalty works on the noisy batches D saw. At {@code sigma = 0} (after the annealing) nothing is drawn or
 * added: the step is exactly a step without instance noise.
 *
 * <p>A conditional step ({@link #conditionOn}) feeds G with {@code [z, onehot(yFake)]} and D with
 * {@code [x, onehot(y)]} ({@link Conditioning}); instance noise is not available for conditional runs. With an
 * auxiliary classifier (ACGAN, {@link org.gan4j.nd4j.loss.AuxiliaryClassifierLoss}) D takes {@code x} alone and
 * outputs {@code 1 + classes} values per image; the loss gets the real and fake labels before each step.
 */
final class GanStep implements TrainingStep {

    private final Kernels kernels;
    private final Network generator;
    private final Network discriminator;
    private final Loss loss;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    /** The run's noise stream; a supplier because restoring a checkpoint replaces it. */
    private final java.util.function.Supplier<SeededRandom> noise;
    private final DataType dataType;
    /** Real and fake batches go through the discriminator separately (it normalises over its batch). */
    private final boolean separatePasses;
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private final int criticSteps;
    /** Whether D's outputs are logits (D(x) reported as a probability) or scores (reported as they are). */
    private final boolean outputsLogits;
    /** The gradient penalty (WGAN-GP's or R1), added to D's loss and gradient at each critic update; null for none. */
    private final org.gan4j.nd4j.penalty.GradientPenalty penalty;
    /** The penalty's own stream (its interpolation weights); a supplier because restoring a checkpoint replaces it. */
    private final java.util.function.Supplier<SeededRandom> penaltyRandom;

    /** Instance noise on D's inputs; null for none. */
    private org.gan4j.InstanceNoise instanceNoise;
    /** Its own stream; a supplier because restoring a checkpoint replaces it. */
    private java.util.function.Supplier<SeededRandom> instanceNoiseRandom;
    /** The one-hot inputs of a conditional run ({@link Conditioning}); null for an unconditional one. */
    private Conditioning conditioning;
    /** ACGAN's loss, which reads D's class logits and needs the rows' labels; null for other objectives. */
    private final org.gan4j.nd4j.loss.AuxiliaryClassifierLoss aux;

    /** The data-parallel run's exchange ({@link #exchangeGradients}); null in a single process. */
    private GradientExchange exchange;
    /** The worker's rows of each global batch, for the dropout layers' masks; null in a single process. */
    private org.gan4j.nd4j.layers.RowSlice rowSlice;
    /** A data-parallel step's host copies: the global noise, a gradient buffer, the metrics; made at first use. */
    private float[] globalNoise;
    private float[] globalImageNoise;
    private float[] heapGradientF;
    private double[] heapGradientD;
    private double[] metrics;
    /** This worker's WGAN-GP interpolation weights ({@link #sliceOfGlobalWeights}). */
    private double[] weightSlice;
    private final double[] lossGSum = new double[1];

    private double lossD;
    private double lossG;
    private double meanDReal;
    private double meanDFake;
    /** The last step's extra scalars, in the order of {@link #reportExtras}; filled in place at every step. */
    private double[] extras = new double[0];
    /** Where in {@link #extras} the Wasserstein estimate and the penalty go; -1 for not reported. */
    private int wassersteinIndex = -1;
    private int penaltyIndex = -1;
    private int auxRealIndex = -1;
    private int auxFakeIndex = -1;

    /**
     * A step over the given networks; buffers are allocated at the first step of each batch size.
     *
     * @param kernels                copies host arrays and fake images into the batch buffers, and averages D's
     *                               probabilities
     * @param generator              G, {@code [batch, zDim] -> [batch, imageSize]}
     * @param discriminator          D, {@code [batch, imageSize] -> [batch, 1]} logits
     * @param loss                   the objective on D's logits
     * @param generatorOptimizer     updates G's parameters from its gradients
     * @param discriminatorOptimizer updates D's parameters from its gradients
     * @param noise                  the run's current noise stream, read at every step
     * @throws IllegalArgumentException if D normalises over its batch and the loss is not {@link Loss#separable()}
     */
    GanStep(Kernels kernels, Network generator, Network discriminator, Loss loss, Optimizer generatorOptimizer,
            Optimizer discriminatorOptimizer, java.util.function.Supplier<SeededRandom> noise) {
        this(kernels, generator, discriminator, loss, generatorOptimizer, discriminatorOptimizer, noise, 1, 0, true,
                null, null);
    }

    /**
     * A step with the schedule's and objective's options.
     *
     * @param criticSteps   discriminator updates per generator update, at least 1
     * @param clip          clamp of D's parameters after each update ({@code [-clip, clip]}), or 0 for none; set as
     *                      {@code discriminatorOptimizer}'s {@link Optimizer#clipParameters constraint}
     * @param outputsLogits whether D's outputs are logits (then {@link #meanDReal()} is a mean probability) or
     *                      critic scores (their mean as they are)
     * @param penalty       a gradient penalty added to D's loss at each of its updates, or null
     * @param penaltyRandom the penalty's stream, read at every step; null without a penalty
     * @see #GanStep(Kernels, Network, Network, Loss, Optimizer, Optimizer, java.util.function.Supplier)
     */
    GanStep(Kernels kernels, Network generator, Network discriminator, Loss loss, Optimizer generatorOptimizer,
            Optimizer discriminatorOptimizer, java.util.function.Supplier<SeededRandom> noise, int criticSteps,
            double clip, boolean outputsLogits, org.gan4j.nd4j.penalty.GradientPenalty penalty,
            java.util.function.Supplier<SeededRandom> penaltyRandom) {
        this.penalty = penalty;
        this.penaltyRandom = penaltyRandom;
        this.criticSteps = criticSteps;
        this.outputsLogits = outputsLogits;
        this.kernels = kernels;
        this.generator = generator;
        this.discriminator = discriminator;
        this.loss = loss;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.noise = noise;
        this.dataType = generator.dataType();
        this.separatePasses = discriminator.batchDependent();
        this.aux = loss instanceof org.gan4j.nd4j.loss.AuxiliaryClassifierLoss a ? a : null;
        if (separatePasses && !loss.separable()) {
            throw new IllegalArgumentException("the discriminator normalises over its batch, so real and generated "
                    + "images go through it in separate passes, which needs a separable loss; " + loss.name()
                    + " does not say it is (Loss.separable())");
        }
        if (clip > 0) {
            // WGAN's weight clipping, a constraint of D's update: on the optimizer's own copy of the parameters
            discriminatorOptimizer.clipParameters(clip);
        }
    }

    /**
     * Makes the step conditional: G takes {@code [z, onehot(yFake)]}, D {@code [x, onehot(y)]}; call before the
     * first step.
     *
     * @param conditioning the inputs' assembly, for these networks' sizes
     */
    void conditionOn(Conditioning conditioning) {
        this.conditioning = conditioning;
        if (discriminator.inputSize() == generator.outputSize()) {
            conditioning.imageOnlyDiscriminator(); // an auxiliary classifier's D: the image alone
        }
    }

    /**
     * The labels of the real images in {@link #realImages(int)}, for a conditional step.
     *
     * @param batch the number of images, positive
     * @return {@code batch} labels to fill, owned by the step
     */
    int[] realLabels(int batch) {
        return conditioning.realLabels(batch);
    }

    /**
     * The host array to fill with {@code batch} real images (values in [-1, 1]) before {@link #run(int)}.
     *
     * @param batch the number of images, positive
     * @return {@code batch * imageSize} floats, row after row; owned by the step and reused for every step of that
     *         batch size
     */
    float[] realImages(int batch) {
        return buffers(batch).realHost;
    }

    @Override
    public void loadBatch(org.gan4j.data.Dataset dataset, int[] order, int from, int count) {
        dataset.copyImages(order, from, count, realImages(count));
        if (conditioning != null) {
            Conditioning.copyLabels(dataset, order, from, count, realLabels(count));
        }
    }

    /**
     * Runs one step on the {@code batch} real images in {@link #realImages(int)}: updates D, then G; the results are
     * read with {@link #lossD()} and the other accessors until the next step.
     *
     * @param batch the number of real images, positive; also the number of noise vectors drawn
     */
    void run(int batch) {
        run(batch, 1);
    }

    /**
     * Runs step number {@code step} of the run (from 1): the generator is updated when {@code step} is a multiple of
     * the critic steps.
     *
     * @param batch the number of real images, positive
     * @param step  the run's step number, from 1
     */
    @Override
    public void run(int batch, long step) {
        if (rowSlice != null) {
            rowSlice.rowsPerWorker(batch);
        }
        Buffers b = buffers(batch);
        INDArray fake;
        double sigma = 0;
        INDArray fakeSeen; // what D sees of the fake batch
        boolean discriminatorUpdated = false; // by backwardAndStep, in parts
        if (aux != null && conditioning == null) {
            throw new IllegalStateException("an auxiliary classifier needs a conditional run (classes)");
        }
        if (conditioning != null) {
            fake = generator.forward(conditioning.generatorInput(batch, noise.get()), true);
            if (aux != null) {
                aux.labels(conditioning.realLabels(batch), conditioning.fakeLabels(batch));
            }
            conditioning.writeRealRows(batch, b.realHost, b.realRows);
            conditioning.writeFakeRows(batch, fake, b.fakeRows);
            fake = b.fakeRows; // images and their one-hot from here on
            fakeSeen = fake;
        } else {
            if (exchange == null) {
                noise.get().fillGaussian(b.noiseHost, b.noiseHost.length);
            } else {
                sliceOfGlobalNoise(noise.get(), b.noiseHost);
            }
            kernels.copyFromHost(b.noiseHost, b.noise);
            fake = generator.forward(b.noise, true);
            sigma = instanceNoise == null ? 0 : instanceNoise.sigma(step);
            if (sigma > 0) {
                addNoise(b.realHost, b, sigma); // on the host copy, refilled before every step
            }
            kernels.copyFromHost(b.realHost, b.realRows);
            // G's output, or a noisy copy of it in fakeRows
            fakeSeen = sigma > 0 ? noisyFakes(b, fake, sigma) : fake;
        }
        if (separatePasses) {
            discriminatorStepInTwoPasses(b, fakeSeen);
        } else {
            if (conditioning == null && fakeSeen == fake) {
                kernels.copy(fake, b.fakeRows);
            }
            INDArray logits = discriminator.forward(b.realAndFake, true);
            b.viewLogits(logits);
            lossD = loss.discriminatorLoss(b.realLogits, b.fakeLogits, b.gradRealLogits, b.gradFakeLogits);
            meanDReal = meanOutput(aux != null ? aux.lastAdversarialReal() : b.realLogits);
            meanDFake = meanOutput(aux != null ? aux.lastAdversarialFake() : b.fakeLogits);
            discriminator.zeroGrad();
            if (penalty == null && exchange == null) {
                discriminatorUpdated = backwardAndStep(discriminator, discriminatorOptimizer, b.gradLogits);
            } else {
                discriminator.backwardParameters(b.gradLogits);
            }
            if (penalty != null) {
                // after the loss's backward pass: the penalty's own passes through D overwrite its forward state
                // (it reuses that pass over real then fake: b.realAndFake holds realRows, then fakeRows)
                double p = exchange != null && penalty instanceof org.gan4j.nd4j.penalty.WganGpPenalty gp
                        ? gp.addGradientAfterJointForward(b.realRows, b.fakeRows, sliceOfGlobalWeights(batch))
                        : penalty.addGradientAfterJointForward(b.realRows, b.fakeRows, penaltyRandom.get());
                lossD += p;
                putExtra(penaltyIndex, p);
            }
        }
        putExtra(wassersteinIndex, meanDReal - meanDFake);
        if (aux != null) {
            putExtra(auxRealIndex, aux.accuracyReal());
            putExtra(auxFakeIndex, aux.accuracyFake());
        }
        if (exchange != null) {
            averageOverWorkers(discriminator.gradients());
            averageDiscriminatorMetrics();
        }
        if (!discriminatorUpdated) {
            discriminatorOptimizer.step(); // clips D's parameters when the step was made with a clip
        }
        if (step % criticSteps != 0) {
            return;
        }

        if (loss.generatorNeedsRealOutputs()) {
            kernels.copy(discriminator.forward(b.realRows, true), b.realLogitsCopy);
        }
        INDArray fakeLogits = discriminator.forward(sigma > 0 ? noisyFakes(b, fake, sigma) : fake, true);
        lossG = loss.generatorNeedsRealOutputs()
                ? loss.generatorLoss(b.realLogitsCopy, fakeLogits, b.gradGeneratorLogits)
                : loss.generatorLoss(fakeLogits, b.gradGeneratorLogits);
        INDArray gradFake = discriminator.backwardInput(b.gradGeneratorLogits);
        if (conditioning != null) {
            gradFake = conditioning.imageGradient(batch, gradFake); // the one-hot columns' gradient goes nowhere
        }
        generator.zeroGrad();
        if (exchange == null) {
            if (!backwardAndStep(generator, generatorOptimizer, gradFake)) {
                generatorOptimizer.step();
            }
            return;
        }
        generator.backwardParameters(gradFake);
        averageOverWorkers(generator.gradients());
        lossGSum[0] = lossG;
        exchange.sum(lossGSum);
        lossG = lossGSum[0] / exchange.workers();
        generatorOptimizer.step();
    }

    /**
     * The backward pass for a network's parameter gradients, and its optimizer's update in parts where both allow it:
     * a {@link Sequential} and Adam update each layer as soon as the pass is done with it, while its parameters and
     * gradients are still in cache (the same bits as an update after the pass; cgan's step 0-3 % faster,
     * docs/performance.md). Only where nothing else touches the gradients between the pass and the update (no
     * penalty, no exchange between workers).
     *
     * @return whether the optimizer has made its update; if not, only the backward pass ran
     */
    private static boolean backwardAndStep(Network network, Optimizer optimizer, INDArray gradOutput) {
        if (network instanceof Sequential sequential && optimizer.stepsInParts()) {
            StepInParts parts = optimizer.beginStepInParts();
            sequential.backwardParameters(gradOutput, parts);
            parts.end();
            return true;
        }
        network.backwardParameters(gradOutput);
        return false;
    }

    /**
     * Makes this the step of one worker of a data-parallel run ({@link DataParallelTraining}): its batch is the
     * worker's slice, the noise it draws the same slice of the global batch's noise, and gradients and metrics are
     * averaged over the workers before each update. Called once, before the first step.
     *
     * @param exchange the workers' collective
     * @throws IllegalStateException for what this mode does not support yet (a penalty not R1 or WGAN-GP, a custom
     *                               network with a random stream of its own)
     */
    void exchangeGradients(GradientExchange exchange) {
        // R1 draws nothing and WGAN-GP's weights are sliced (sliceOfGlobalWeights): each penalty's mean over a
        // worker's rows averages to the mean over the global batch
        boolean knownPenalty = penalty == null || penalty instanceof org.gan4j.nd4j.penalty.R1Penalty
                || penalty instanceof org.gan4j.nd4j.penalty.WganGpPenalty;
        if (!knownPenalty) {
            throw new IllegalStateException("data-parallel training does not support the penalty " + penalty.name()
                    + " yet: its random draws are not sliced per worker");
        }
        org.gan4j.nd4j.layers.RowSlice rows = new org.gan4j.nd4j.layers.RowSlice(exchange.rank(),
                exchange.workers());
        for (Network net : java.util.List.of(generator, discriminator)) {
            long streams = net.buffers().keySet().stream().filter(n -> n.equals("rng") || n.endsWith(".rng")).count();
            long sliced = 0;
            if (net instanceof org.gan4j.nd4j.layers.Sequential sequential) {
                for (org.gan4j.nd4j.layers.Layer layer : sequential.layers()) {
                    if (layer instanceof org.gan4j.nd4j.layers.Dropout dropout) {
                        dropout.drawForRowsOf(rows); // the global batch's masks, this worker's rows of them
                        sliced++;
                    }
                }
            }
            if (streams != sliced) {
                // a random stream this step cannot slice draws for the rows it sees: every worker would draw the
                // global batch's first rows' numbers
                throw new IllegalStateException("data-parallel training cannot slice the random draws of the "
                        + (net == generator ? "generator" : "discriminator") + " (" + streams + " random streams, "
                        + sliced + " of them in dropout layers of a built network): each worker would draw the "
                        + "numbers of the global batch's first rows, not of its own");
            }
        }
        this.rowSlice = rows;
        if (conditioning != null) {
            conditioning.slice(exchange.rank(), exchange.workers()); // its noise and fake labels
        }
        this.exchange = exchange;
    }

    /**
     * WGAN-GP's interpolation weights of this worker's rows: the global batch's {@code workers * batch} weights drawn
     * in row order from the penalty's stream, as the penalty draws them in a single process, and this worker's slice.
     */
    private double[] sliceOfGlobalWeights(int batch) {
        int p = exchange.workers();
        org.gan4j.SeededRandom random = penaltyRandom.get();
        if (weightSlice == null || weightSlice.length != batch) {
            weightSlice = new double[batch];
        }
        int from = exchange.rank() * batch;
        for (int i = 0; i < p * batch; i++) {
            double e = random.nextDouble();
            if (i >= from && i < from + batch) {
                weightSlice[i - from] = e;
            }
        }
        return weightSlice;
    }

    /** Draws the global batch's Gaussians from {@code random} ({@code workers} slices) and keeps this worker's rows. */
    private void sliceOfGlobalNoise(SeededRandom random, float[] slice) {
        int global = slice.length * exchange.workers();
        if (globalNoise == null || globalNoise.length != global) {
            globalNoise = new float[global];
        }
        random.fillGaussian(globalNoise, global);
        System.arraycopy(globalNoise, exchange.rank() * slice.length, slice, 0, slice.length);
    }

    /**
     * {@code gradients = (sum over workers of gradients) / workers}, through a heap copy: each worker's is the
     * gradient of its mean loss over its rows, the average is the mean loss's over the global batch.
     */
    private void averageOverWorkers(INDArray gradients) {
        int n = Math.toIntExact(gradients.length());
        int offset = Math.toIntExact(gradients.offset());
        int p = exchange.workers();
        if (gradients.dataType() == DataType.FLOAT) {
            if (heapGradientF == null || heapGradientF.length != n) {
                heapGradientF = new float[n];
            }
            java.nio.FloatBuffer view = gradients.data().asNioFloat();
            view.get(offset, heapGradientF, 0, n);
            exchange.sum(heapGradientF);
            float workers = p;
            for (int i = 0; i < n; i++) {
                heapGradientF[i] = heapGradientF[i] / workers;
            }
            view.put(offset, heapGradientF, 0, n);
        } else {
            if (heapGradientD == null || heapGradientD.length != n) {
                heapGradientD = new double[n];
            }
            java.nio.DoubleBuffer view = gradients.data().asNioDouble();
            view.get(offset, heapGradientD, 0, n);
            exchange.sum(heapGradientD);
            double workers = p;
            for (int i = 0; i < n; i++) {
                heapGradientD[i] = heapGradientD[i] / workers;
            }
            view.put(offset, heapGradientD, 0, n);
        }
    }

    /** The discriminator's loss, mean outputs and extras: each the mean over the workers. */
    private void averageDiscriminatorMetrics() {
        double[] m = metricsOfLength(3 + extras.length);
        m[0] = lossD;
        m[1] = meanDReal;
        m[2] = meanDFake;
        System.arraycopy(extras, 0, m, 3, extras.length);
        exchange.sum(m);
        int p = exchange.workers();
        lossD = m[0] / p;
        meanDReal = m[1] / p;
        meanDFake = m[2] / p;
        for (int i = 0; i < extras.length; i++) {
            extras[i] = m[3 + i] / p;
        }
    }

    private double[] metricsOfLength(int n) {
        if (metrics == null || metrics.length != n) {
            metrics = new double[n];
        }
        return metrics;
    }

    /**
     * Turns instance noise on: see the class comment. Called once, before the first step.
     *
     * @param settings the schedule
     * @param random   its own stream, read at every step with {@code sigma > 0}
     */
    void addInstanceNoise(org.gan4j.InstanceNoise settings, java.util.function.Supplier<SeededRandom> random) {
        this.instanceNoise = settings;
        this.instanceNoiseRandom = random;
    }

    /**
     * Fills {@code n} from the instance noise's stream; in a data-parallel step with this worker's rows of the global
     * batch's draws, so that every worker's stream advances as the single process's does.
     */
    private void fillInstanceNoise(float[] n) {
        if (exchange == null) {
            instanceNoiseRandom.get().fillGaussian(n, n.length);
            return;
        }
        int global = n.length * exchange.workers();
        if (globalImageNoise == null || globalImageNoise.length != global) {
            globalImageNoise = new float[global];
        }
        instanceNoiseRandom.get().fillGaussian(globalImageNoise, global);
        System.arraycopy(globalImageNoise, exchange.rank() * n.length, n, 0, n.length);
    }

    /** {@code images += sigma * N(0, 1)}, one draw per value, through the batch's noise buffer. */
    private void addNoise(float[] images, Buffers b, double sigma) {
        float[] n = b.imageNoiseHost();
        fillInstanceNoise(n);
        for (int i = 0; i < n.length; i++) {
            images[i] += (float) (sigma * n[i]);
        }
    }

    /** {@code fakeRows = fake + sigma * N(0, 1)}; returns fakeRows. */
    private INDArray noisyFakes(Buffers b, INDArray fake, double sigma) {
        float[] n = b.imageNoiseHost();
        fillInstanceNoise(n);
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) (sigma * n[i]);
        }
        kernels.copyFromHost(n, b.imageNoise());
        kernels.copy(fake, b.fakeRows);
        kernels.add(b.imageNoise(), b.fakeRows);
        return b.fakeRows;
    }

    /**
     * D on the real batch, backpropagated at once (for a separable loss the real gradient needs no fake logits:
     * the fake argument of that first call is a stand-in whose gradient is discarded), then on the fake batch, with
     * the loss of both and the fake gradient added to the real one.
     */
    private void discriminatorStepInTwoPasses(Buffers b, INDArray fake) {
        kernels.copy(discriminator.forward(b.realRows, true), b.realLogitsCopy);
        loss.discriminatorLoss(b.realLogitsCopy, b.realLogitsCopy, b.gradRealLogits, b.gradFakeLogits);
        discriminator.zeroGrad();
        discriminator.backwardParameters(b.gradRealLogits);
        INDArray fakeLogits = discriminator.forward(fake, true);
        lossD = loss.discriminatorLoss(b.realLogitsCopy, fakeLogits, b.gradGeneratorLogits, b.gradFakeLogits);
        meanDReal = meanOutput(aux != null ? aux.lastAdversarialReal() : b.realLogitsCopy);
        meanDFake = meanOutput(aux != null ? aux.lastAdversarialFake() : fakeLogits);
        discriminator.backwardParameters(b.gradFakeLogits);
    }

    /**
     * Chooses the extra scalars this step reports ({@link org.gan4j.MetricNames#extras()}), once, before the first
     * step: the Wasserstein estimate ({@code mean C(x) - mean C(G(z))} before D's update; meaningful for raw
     * scores) and the gradient penalty's value (WGAN-GP's or R1's, the part of lossD it added). Other names are
     * refused.
     *
     * @param names the run's extras, in order
     * @throws IllegalArgumentException for a name this step cannot compute, or a penalty without one
     */
    void reportExtras(java.util.List<org.gan4j.MetricNames.Extra> names) {
        extras = new double[names.size()];
        wassersteinIndex = names.indexOf(org.gan4j.MetricNames.WASSERSTEIN);
        penaltyIndex = Math.max(names.indexOf(org.gan4j.MetricNames.GRADIENT_PENALTY),
                names.indexOf(org.gan4j.MetricNames.R1_PENALTY));
        auxRealIndex = names.indexOf(org.gan4j.MetricNames.AUX_ACCURACY_REAL);
        auxFakeIndex = names.indexOf(org.gan4j.MetricNames.AUX_ACCURACY_FAKE);
        for (org.gan4j.MetricNames.Extra e : names) {
            boolean known = e.equals(org.gan4j.MetricNames.WASSERSTEIN)
                    || (penalty != null && (e.equals(org.gan4j.MetricNames.GRADIENT_PENALTY)
                    || e.equals(org.gan4j.MetricNames.R1_PENALTY)))
                    || (aux != null && (e.equals(org.gan4j.MetricNames.AUX_ACCURACY_REAL)
                    || e.equals(org.gan4j.MetricNames.AUX_ACCURACY_FAKE)));
            if (!known) {
                throw new IllegalArgumentException("the training step cannot report the metric " + e.column()
                        + (penalty == null ? " (the run has no gradient penalty)" : ""));
            }
        }
    }

    private void putExtra(int index, double value) {
        if (index >= 0) {
            extras[index] = value;
        }
    }

    /**
     * {@return the last step's extra scalars, in the order given to {@link #reportExtras}: the step's own array,
     * overwritten by the next step (copy what you keep)}
     */
    @Override
    public double[] extras() {
        return extras;
    }

    private double meanOutput(INDArray outputs) {
        return outputsLogits ? kernels.meanSigmoid(outputs) : kernels.mean(outputs); // no ND4J op on the hot path
    }

    /**
     * Sets the generator's last loss: a resumed run with critic steps reports it until its first generator update,
     * as the run that never stopped did.
     *
     * @param lossG the last generator loss the checkpointed run computed
     */
    void restoreLossG(double lossG) {
        this.lossG = lossG;
    }

    /** {@return the last step's discriminator loss, before its update} */
    @Override
    public double lossD() {
        return lossD;
    }

    /** {@return the generator's last loss, through the discriminator it was updated against} */
    @Override
    public double lossG() {
        return lossG;
    }

    /**
     * {@return the last step's mean D(x) before the discriminator's update: a probability in [0, 1] for objectives on
     * logits, the critic's mean score otherwise}
     */
    @Override
    public double meanDReal() {
        return meanDReal;
    }

    /** {@return the last step's mean D(G(z)), in [0, 1], before the discriminator's update} */
    @Override
    public double meanDFake() {
        return meanDFake;
    }

    private Buffers buffers(int batch) {
        return buffers.computeIfAbsent(batch, this::newBuffers);
    }

    private Buffers newBuffers(int batch) {
        return new Buffers(batch, generator.inputSize(), generator.outputSize(), discriminator.inputSize(),
                discriminator.outputSize(), dataType);
    }

    /** Everything one batch size needs. */
    private static final class Buffers {
        final float[] noiseHost;
        final INDArray noise;
        final float[] realHost;
        final INDArray realAndFake;
        final INDArray realRows;
        final INDArray fakeRows;
        final INDArray gradLogits;
        final INDArray gradRealLogits;
        final INDArray gradFakeLogits;
        final INDArray gradGeneratorLogits;
        /** The real logits of a two-pass step, kept while the fake pass reuses D's output buffer. */
        final INDArray realLogitsCopy;
        private final int batch;
        private INDArray viewedLogits;
        INDArray realLogits;
        INDArray fakeLogits;
        private final int imageSize;
        private final DataType dataType;
        /** Instance noise for one batch of images, on the host and on the device; made at first use. */
        private float[] imageNoiseHost;
        private INDArray imageNoise;

        Buffers(int batch, int zDim, int imageSize, int discriminatorInput, int outputs, DataType dataType) {
            this.batch = batch;
            this.imageSize = imageSize;
            this.dataType = dataType;
            noiseHost = new float[batch * zDim];
            noise = Nd4j.create(dataType, new long[] {batch, zDim}, 'c');
            realHost = new float[batch * imageSize];
            // D's input: the images, followed by their one-hot in a conditional run
            realAndFake = Nd4j.create(dataType, new long[] {2L * batch, discriminatorInput}, 'c');
            realRows = rows(realAndFake, 0, batch);
            fakeRows = rows(realAndFake, batch, 2 * batch);
            // D's outputs per image: 1, or 1 + classes for an auxiliary classifier
            gradLogits = Nd4j.create(dataType, new long[] {2L * batch, outputs}, 'c');
            gradRealLogits = rows(gradLogits, 0, batch);
            gradFakeLogits = rows(gradLogits, batch, 2 * batch);
            gradGeneratorLogits = Nd4j.create(dataType, new long[] {batch, outputs}, 'c');
            realLogitsCopy = Nd4j.create(dataType, new long[] {batch, outputs}, 'c');
        }

        float[] imageNoiseHost() {
            if (imageNoiseHost == null) {
                imageNoiseHost = new float[batch * imageSize];
            }
            return imageNoiseHost;
        }

        INDArray imageNoise() {
            if (imageNoise == null) {
                imageNoise = Nd4j.create(dataType, new long[] {batch, imageSize}, 'c');
            }
            return imageNoise;
        }

        /** Views of the discriminator's output rows; rebuilt only when it hands back a different buffer. */
        void viewLogits(INDArray logits) {
            if (logits != viewedLogits) {
                realLogits = rows(logits, 0, batch);
                fakeLogits = rows(logits, batch, 2 * batch);
                viewedLogits = logits;
            }
        }

        private static INDArray rows(INDArray a, int from, int to) {
            return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        }
    }
}
