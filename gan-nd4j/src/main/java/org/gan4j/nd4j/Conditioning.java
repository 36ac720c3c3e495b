package org.gan4j.nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.gan4j.SeededRandom;
import org.gan4j.data.Dataset;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional step's inputs (a cGAN, Mirza and Osindero 2014, as {@code torch_recipes.py --recipe cgan}): the
 * generator takes {@code [z, onehot(yFake)]}, the discriminator {@code [x, onehot(y)]}, with {@code y} the real
 * images' labels and {@code yFake} drawn uniformly from a stream of its own (so the noise stream draws what an
 * unconditional run draws, and a checkpoint saves one more stream).
 *
 * <p>For an auxiliary classifier (ACGAN, {@link #imageOnlyDiscriminator()}) D takes the images alone and the step
 * hands the real and fake labels to the loss instead ({@link #realLabels}, {@link #fakeLabels}).
 *
 * <p>The networks stay plain row-to-row networks ({@code [zDim + classes] -> [imageSize]} and
 * {@code [imageSize + classes] -> [1]}); the one-hot is written here, into buffers allocated once per batch size:
 * <ul>
 *   <li>the generator's input and the real rows are assembled on the host (noise, images and labels are all there)
 *       and copied in once each, as the unconditional step copies its noise and images;</li>
 *   <li>the generated images go into the image columns of the discriminator's fake rows, and the fake labels'
 *       one-hot into the label columns (two copies into fixed views);</li>
 *   <li>the gradient the generator is updated with is the image columns of the discriminator's input gradient:
 *       one copy of a fixed view into a contiguous buffer, since layers take contiguous c-order rows.</li>
 * </ul>
 */
final class Conditioning {

    private final Kernels kernels;
    private final int zDim;
    private final int imageSize;
    private final int classes;
    private final DataType dataType;
    /** The fake labels' stream; a supplier because restoring a checkpoint replaces it. */
    private final Supplier<SeededRandom> labelRandom;
    private final Map<Integer, Rows> rows = new HashMap<>();
    /** A data-parallel worker's rank and the number of workers ({@link #slice}); 0 of 1 in a single process. */
    private int rank;
    private int workers = 1;
    private float[] globalZ;
    /** Whether D's rows carry the one-hot after the image; false for an auxiliary classifier's D (ACGAN). */
    private boolean discriminatorSeesLabels = true;

    /**
     * Inputs for networks of the given sizes.
     *
     * @param kernels     copies host arrays in
     * @param zDim        the noise values per row
     * @param imageSize   the values per image
     * @param classes     the number of classes, at least 2
     * @param dataType    the networks' type
     * @param labelRandom the run's current fake-label stream
     */
    Conditioning(Kernels kernels, int zDim, int imageSize, int classes, DataType dataType,
                 Supplier<SeededRandom> labelRandom) {
        this.kernels = kernels;
        this.zDim = zDim;
        this.imageSize = imageSize;
        this.classes = classes;
        this.dataType = dataType;
        this.labelRandom = labelRandom;
    }

    /** {@return the number of classes} */
    int classes() {
        return classes;
    }

    /**
     * Feeds D the images alone, without the one-hot of their labels: an auxiliary classifier's discriminator
     * (ACGAN), which is asked to tell the class and must not read it. Call before the first step.
     */
    void imageOnlyDiscriminator() {
        this.discriminatorSeesLabels = false;
    }

    /**
     * The labels the last {@link #generatorInput} call drew, row by row: the classes G was asked for.
     *
     * @param batch the batch size
     * @return {@code batch} labels, owned by this object and overwritten by the next step
     */
    int[] fakeLabels(int batch) {
        return rows(batch).drawnLabels;
    }

    /**
     * The labels of the real images of the next step, to fill with the images ({@link #copyLabels}).
     *
     * @param batch the batch size
     * @return {@code batch} labels, owned by this object and reused for every step of that batch size
     */
    int[] realLabels(int batch) {
        return rows(batch).realLabels;
    }

    /**
     * Copies the labels of the images {@code order[from .. from + count)} into {@code dest}.
     *
     * @param dataset the labelled dataset
     * @param order   the epoch's order of image indices
     * @param from    the first position in {@code order}
     * @param count   the number of labels
     * @param dest    receives them from position 0
     */
    static void copyLabels(Dataset dataset, int[] order, int from, int count, int[] dest) {
        for (int i = 0; i < count; i++) {
            dest[i] = dataset.label(order[from + i]);
        }
    }

    /**
     * Makes this the conditioning of one worker of a data-parallel step: {@link #generatorInput} draws the global
     * batch's noise and labels and keeps this worker's rows.
     *
     * @param rank    the worker's rank
     * @param workers the number of workers
     */
    void slice(int rank, int workers) {
        this.rank = rank;
        this.workers = workers;
    }

    /**
     * Draws the step's noise (from the run's noise stream, the same values an unconditional step draws) and fake
     * labels, and writes the generator's input {@code [z, onehot(yFake)]}.
     *
     * @param batch the batch size
     * @param noise the run's noise stream
     * @return {@code [batch, zDim + classes]}, owned by this object
     */
    INDArray generatorInput(int batch, SeededRandom noise) {
        Rows r = rows(batch);
        SeededRandom labels = labelRandom.get();
        if (workers == 1) {
            noise.fillGaussian(r.z, r.z.length);
        } else {
            // the global batch's noise, then its labels, as one process draws them; this worker keeps its rows
            int global = r.z.length * workers;
            if (globalZ == null || globalZ.length != global) {
                globalZ = new float[global];
            }
            noise.fillGaussian(globalZ, global);
            System.arraycopy(globalZ, rank * r.z.length, r.z, 0, r.z.length);
            for (int i = 0; i < rank * batch; i++) {
                labels.nextInt(classes); // the earlier workers' labels
            }
        }
        int width = zDim + classes;
        Arrays.fill(r.generatorHost, 0f);
        Arrays.fill(r.fakeOneHotHost, 0f);
        for (int i = 0; i < batch; i++) {
            int y = labels.nextInt(classes);
            r.drawnLabels[i] = y;
            System.arraycopy(r.z, i * zDim, r.generatorHost, i * width, zDim);
            r.generatorHost[i * width + zDim + y] = 1f;
            r.fakeOneHotHost[i * classes + y] = 1f;
        }
        for (int i = (rank + 1) * batch; i < workers * batch; i++) {
            labels.nextInt(classes); // the later workers' labels
        }
        kernels.copyFromHost(r.generatorHost, r.generatorInput);
        kernels.copyFromHost(r.fakeOneHotHost, r.fakeOneHot);
        return r.generatorInput;
    }

    /**
     * Writes the real rows of the discriminator's input: each image followed by the one-hot of its label.
     *
     * @param batch    the batch size
     * @param images   {@code batch * imageSize} values, image after image
     * @param realRows {@code [batch, imageSize + classes]}, contiguous
     */
    void writeRealRows(int batch, float[] images, INDArray realRows) {
        if (!discriminatorSeesLabels) {
            kernels.copyFromHost(images, realRows);
            return;
        }
        Rows r = rows(batch);
        int width = imageSize + classes;
        for (int i = 0; i < batch; i++) {
            System.arraycopy(images, i * imageSize, r.realHost, i * width, imageSize);
            Arrays.fill(r.realHost, i * width + imageSize, (i + 1) * width, 0f);
            r.realHost[i * width + imageSize + r.realLabels[i]] = 1f;
        }
        kernels.copyFromHost(r.realHost, realRows);
    }

    /**
     * Writes the fake rows of the discriminator's input: the generated images followed by the one-hot of the labels
     * {@link #generatorInput} drew.
     *
     * @param batch    the batch size
     * @param fake     the generator's output, {@code [batch, imageSize]}
     * @param fakeRows {@code [batch, imageSize + classes]}, the same array at every step of this batch size
     */
    void writeFakeRows(int batch, INDArray fake, INDArray fakeRows) {
        if (!discriminatorSeesLabels) {
            kernels.copy(fake, fakeRows);
            return;
        }
        Rows r = rows(batch);
        kernels.copyColumns(fake, 0, fakeRows, 0, imageSize);
        kernels.copyColumns(r.fakeOneHot, 0, fakeRows, imageSize, classes);
    }

    /**
     * The generator's share of the discriminator's input gradient: its image columns.
     *
     * @param batch     the batch size
     * @param gradInput the discriminator's input gradient, {@code [batch, imageSize + classes]}
     * @return {@code [batch, imageSize]}, contiguous, owned by this object
     */
    INDArray imageGradient(int batch, INDArray gradInput) {
        if (!discriminatorSeesLabels) {
            return gradInput; // D's input is the image: its gradient is G's output gradient
        }
        Rows r = rows(batch);
        kernels.copyColumns(gradInput, 0, r.gradImages, 0, imageSize);
        return r.gradImages;
    }

    private Rows rows(int batch) {
        return rows.computeIfAbsent(batch, b -> new Rows(b, zDim, imageSize, classes, dataType));
    }

    /** Everything one batch size needs. */
    private static final class Rows {
        final int[] realLabels;
        /** The fake labels drawn for the step, as integers. */
        final int[] drawnLabels;
        final float[] z;
        final float[] generatorHost;
        final INDArray generatorInput;
        final float[] fakeOneHotHost;
        final INDArray fakeOneHot;
        final float[] realHost;
        final INDArray gradImages;
        /** Views of the discriminator's fake rows and input gradient, rebuilt only when those arrays change. */

        Rows(int batch, int zDim, int imageSize, int classes, DataType dataType) {
            realLabels = new int[batch];
            drawnLabels = new int[batch];
            z = new float[batch * zDim];
            generatorHost = new float[batch * (zDim + classes)];
            generatorInput = Nd4j.create(dataType, new long[] {batch, zDim + classes}, 'c');
            fakeOneHotHost = new float[batch * classes];
            fakeOneHot = Nd4j.create(dataType, new long[] {batch, classes}, 'c');
            realHost = new float[batch * (imageSize + classes)];
            gradImages = Nd4j.create(dataType, new long[] {batch, imageSize}, 'c');
        }
    }
}
