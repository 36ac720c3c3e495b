package org.gan4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.gan4j.data.Dataset;
import org.gan4j.data.ImageDataset;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a training run or a sampling job needs in memory, estimated from the sizes alone before anything is allocated,
 * and the check against what this process may use. Absurd sizes ({@code batchSize 2147483647}, an image of 3000x3000
 * for an MLP, a million samples at once) are refused in one sentence that names what to lower, instead of ending in
 * a {@code NegativeArraySizeException}, a native {@code std::bad_alloc} or an {@code OutOfMemoryError} half-way.
 *
 * <p>The estimate is rough on purpose (within a factor of about two for the library's networks): it exists to refuse
 * what can never fit, not to budget what nearly fits. It counts
 * <ul>
 *   <li>native (off-heap) memory, where ND4J keeps arrays: parameters and their gradients, the activations of a
 *       batch and their gradients, the noise and image batches;</li>
 *   <li>Java heap: the dataset's pixels (one byte each for an {@link ImageDataset}), the host-side batch buffers,
 *       Adam's state (the CPU kernels' heap copies of parameters and gradients, and both moments) and the buffers a
 *       checkpoint is serialised through;</li>
 *   <li>the largest Java array any of those needs, which Java caps at about 2<sup>31</sup> elements whatever the
 *       heap.</li>
 * </ul>
 *
 * <p>The limits: the heap is {@link Runtime#maxMemory()} ({@code -Xmx}). Heap and native memory together are capped by
 * JavaCPP's {@code org.bytedeco.javacpp.maxPhysicalBytes} (the limit ND4J documents for off-heap memory; by default
 * 4 x {@code -Xmx}, 0 for none) and by the machine's physical memory, whichever is smaller. Raise them with
 * {@code -Xmx} or {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=16g}.
 */
public final class MemoryEstimate {

    /** The most elements a Java array may hold on common JVMs ({@code ArrayList}'s own limit). */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** The JavaCPP system property whose value caps the process's memory (heap and native). */
    public static final String MAX_PHYSICAL_BYTES_PROPERTY = "org.bytedeco.javacpp.maxPhysicalBytes";

    /** Activations are kept, and their gradients made, by every layer; some keep a copy more (im2col, masks). */
    private static final int ACTIVATION_COPIES = 3;

    private final String what;
    private final long heapBytes;
    private final long nativeBytes;
    private final long largestArray;
    private final String largestArrayWhat;
    private final List<String> heapParts;
    private final List<String> nativeParts;

    private MemoryEstimate(Builder b) {
        this.what = b.what;
        this.heapBytes = b.heap;
        this.nativeBytes = b.offHeap;
        this.largestArray = b.largestArray;
        this.largestArrayWhat = b.largestArrayWhat;
        this.heapParts = List.copyOf(b.heapParts);
        this.nativeParts = List.copyOf(b.nativeParts);
    }

    /**
     * The memory a training run of {@code config} on {@code dataset} needs.
     *
     * @param config  the configuration (its networks given as MLPs, specs or instances)
     * @param dataset the training data (only its sizes are read)
     * @return the estimate
     * @throws IllegalArgumentException if a network spec cannot take the dataset's images
     */
    public static MemoryEstimate training(GanConfig config, Dataset dataset) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataset, "dataset");
        Shape image = dataset.imageShape();
        long width = config.dataType() == DataType.DOUBLE ? 8 : 4;
        long batch = config.batchSize();
        long imageSize = image.size();
        long zDim = config.zDim();
        Builder b = new Builder("training");

        long generatorParams = config.generator().map(Network::parameterCount)
                .orElseGet(() -> config.generatorSpec(image).parameterCount());
        long discriminatorParams = config.discriminator().map(Network::parameterCount)
                .orElseGet(() -> config.discriminatorSpec(image).parameterCount());
        long params = add(generatorParams, discriminatorParams);
        // Values and gradients off the heap. Adam on the CPU kernels works on heap copies of parameters and
        // gradients beside its two moments (the portable kernels keep the moments off the heap instead): counted on
        // the heap, the default path. A checkpoint serialises parameters and both moments through reused byte
        // arrays, one per network.
        b.nativeBytes("parameters and gradients", mul(params, width, 2));
        b.heapBytes("Adam's state", mul(params, width, 4));
        b.heapBytes("checkpoint buffers", mul(params, width, 3));
        b.array(mul(generatorParams, width), "the generator's parameters as bytes (checkpoints, generator.zip)");
        b.array(mul(discriminatorParams, width), "the discriminator's parameters as bytes (checkpoints)");
        if (config.generatorEma().isPresent()) {
            // the copy's parameters and gradients; the CPU kernels' heap average and live copy; its checkpoint bytes
            b.nativeBytes("the generator's EMA copy", mul(generatorParams, width, 2));
            b.heapBytes("the generator's EMA", mul(generatorParams, width, 3));
        }

        long generatorActivations = config.generator().isPresent()
                ? activations(config.generator().get().spec().orElse(null), zDim, imageSize)
                : activations(config.generatorSpec(image), zDim, imageSize);
        long discriminatorActivations = config.discriminator().isPresent()
                ? activations(config.discriminator().get().spec().orElse(null), imageSize, 1)
                : activations(config.discriminatorSpec(image), imageSize, 1);
        // The discriminator sees a real and a generated batch every step.
        long perStep = add(mul(generatorActivations, batch), mul(discriminatorActivations, batch, 2));
        b.nativeBytes("activations of a batch", mul(perStep, width, ACTIVATION_COPIES));
        b.nativeBytes("noise and image batches", mul(add(mul(batch, zDim), mul(batch, imageSize, 2)), width));
        b.heapBytes("host batch buffers", mul(add(mul(batch, zDim), mul(batch, imageSize)), 4));
        b.array(mul(batch, imageSize), "a batch of images (batchSize x image size " + image + ")");
        b.array(mul(batch, zDim), "a batch of noise (batchSize x zDim)");
        if (dataset instanceof ImageDataset) {
            b.heapBytes("dataset", mul(dataset.size(), imageSize));
        }
        return b.build();
    }

    /**
     * The memory sampling {@code count} images in one call from {@code generator} needs (its noise, the activations
     * of one chunk of {@link TrainedGenerator#SAMPLE_CHUNK}, the images off the heap and copied onto it).
     *
     * @param generator the trained generator
     * @param count     images sampled in one call, positive
     * @return the estimate
     */
    public static MemoryEstimate sampling(TrainedGenerator generator, long count) {
        return sampling(generator, count, 0);
    }

    /**
     * The memory sampling {@code count} images at once and drawing them as a grid ({@link org.gan4j.io.ImageGrid})
     * needs.
     *
     * @param generator the trained generator
     * @param count     images sampled in one call, positive
     * @param columns   images per row of the grid, positive
     * @return the estimate
     */
    public static MemoryEstimate samplingGrid(TrainedGenerator generator, long count, int columns) {
        return sampling(generator, count, columns);
    }

    private static MemoryEstimate sampling(TrainedGenerator generator, long count, int columns) {
        Objects.requireNonNull(generator, "generator");
        long imageSize = mul(mul(generator.imageHeight(), generator.imageWidth()), generator.imageChannels());
        long zDim = generator.zDim();
        long width = generator.network().dataType() == DataType.DOUBLE ? 8 : 4;
        Builder b = new Builder("sampling " + count + " images of " + generator.imageHeight() + "x"
                + generator.imageWidth() + "x" + generator.imageChannels());
        long activations = activations(generator.network().spec().orElse(null), zDim, imageSize);
        // every layer's output for one chunk (inference keeps no gradients), the noise and the images
        b.nativeBytes("activations of a chunk", mul(activations, Math.min(count, TrainedGenerator.SAMPLE_CHUNK),
                width));
        b.nativeBytes("noise and images", mul(add(zDim, imageSize), count, width));
        b.heapBytes("noise and images on the heap", mul(add(mul(count, zDim), mul(count, imageSize)), 4));
        b.array(mul(count, imageSize), "the images (count x " + imageSize + " values)");
        b.array(mul(count, zDim), "the noise (count x zDim " + zDim + ")");
        if (columns > 0) {
            // ImageGrid's layout: a 2-pixel border around every image, one int per pixel.
            long cols = Math.min(columns, count);
            long rows = count / cols + (count % cols == 0 ? 0 : 1);
            long pixels = mul(add(2, mul(cols, generator.imageWidth() + 2L)),
                    add(2, mul(rows, generator.imageHeight() + 2L)));
            b.heapBytes("the grid image", mul(pixels, 4));
            b.array(pixels, "a grid image of " + cols + " x " + rows + " images");
        }
        return b.build();
    }

    /** Values per example through a network: its input, every layer's output (a network without a spec: in and out). */
    private static long activations(NetworkSpec spec, long in, long out) {
        if (spec == null) {
            return add(in, out);
        }
        long n = spec.outputShape().size();
        for (int i = 0; i < spec.layers().size(); i++) {
            n = add(n, spec.inputShapeOf(i).size());
        }
        return n;
    }

    /** {@return what was estimated, e.g. "training"} */
    public String what() {
        return what;
    }

    /** {@return the estimated Java heap, in bytes ({@link Long#MAX_VALUE} when the sizes overflow a long)} */
    public long heapBytes() {
        return heapBytes;
    }

    /** {@return the estimated native (off-heap) memory, in bytes} */
    public long nativeBytes() {
        return nativeBytes;
    }

    /** {@return heap and native memory together, in bytes} */
    public long totalBytes() {
        return add(heapBytes, nativeBytes);
    }

    /** {@return the most Java heap this JVM may use ({@code -Xmx})} */
    public static long heapLimit() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * The most memory, heap and native together, this process may use: JavaCPP's {@code maxPhysicalBytes} (the
     * system property {@value #MAX_PHYSICAL_BYTES_PROPERTY}, by default 4 x {@code -Xmx}; 0 means no limit) when
     * JavaCPP is on the class path, and never more than the machine's physical memory.
     *
     * @return the limit in bytes, {@link Long#MAX_VALUE} if none is known
     */
    public static long processLimit() {
        long limit = Long.MAX_VALUE;
        try {
            Class<?> pointer = Class.forName("org.bytedeco.javacpp.Pointer");
            long max = (long) pointer.getMethod("maxPhysicalBytes").invoke(null);
            if (max > 0) {
                limit = max;
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // no JavaCPP (or it failed to load): the physical memory alone
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
            limit = Math.min(limit, os.getTotalMemorySize());
        }
        return limit;
    }

    /**
     * Why this does not fit, if it does not: a Java array too long, more heap than {@code -Xmx}, or more memory than
     * the process limit.
     *
     * @return one sentence with the estimate and the limit, or empty if it fits
     */
    public Optional<String> problem() {
        if (exceedsArrayLimit()) {
            return Optional.of(what + " needs an array of " + largestArray + " elements for " + largestArrayWhat
                    + ", more than a Java array holds (" + MAX_ARRAY_LENGTH + ")");
        }
        if (heapBytes > heapLimit()) {
            return Optional.of(what + " needs about " + bytes(heapBytes) + " of Java heap ("
                    + String.join(", ", heapParts) + "), more than the " + bytes(heapLimit())
                    + " this JVM may use (-Xmx)");
        }
        long limit = processLimit();
        if (totalBytes() > limit) {
            return Optional.of(what + " needs about " + bytes(totalBytes()) + " (native: "
                    + String.join(", ", nativeParts) + "; heap: " + String.join(", ", heapParts) + "), more than the "
                    + bytes(limit) + " of memory this process may use (the smaller of physical memory and "
                    + MAX_PHYSICAL_BYTES_PROPERTY + ", 4 x -Xmx by default)");
        }
        return Optional.empty();
    }

    /**
     * Refuses what does not fit.
     *
     * @param lower what to lower, e.g. {@code "batchSize, zDim or the image size"}: ends the message
     * @throws InsufficientMemoryException saying what needs how much, the limit, and what to lower
     */
    public void check(String lower) {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            throw new InsufficientMemoryException(this, problem.get(), lower);
        }
    }

    /** {@return whether an array would be longer than Java allows: no memory setting can help then} */
    public boolean exceedsArrayLimit() {
        return largestArray > MAX_ARRAY_LENGTH;
    }

    @Override
    public String toString() {
        return what + ": heap " + bytes(heapBytes) + " (" + String.join(", ", heapParts) + "), native "
                + bytes(nativeBytes) + " (" + String.join(", ", nativeParts) + ")";
    }

    /** A size for people: {@code 9.3 GB}, {@code 512 MB}, {@code 12 kB}; "more than 9 EB" when it overflowed. */
    static String bytes(long n) {
        if (n == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** {@code a * b * ...}, saturating at {@link Long#MAX_VALUE}: sizes are non-negative, an overflow is "too much". */
    static long mul(long first, long... more) {
        long p = first;
        for (long m : more) {
            try {
                p = Math.multiplyExact(p, m);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return p;
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE}. */
    static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** Collects the parts of an estimate. */
    private static final class Builder {
        private final String what;
        private long heap;
        private long offHeap;
        private long largestArray;
        private String largestArrayWhat = "";
        private final List<String> heapParts = new ArrayList<>();
        private final List<String> nativeParts = new ArrayList<>();

        Builder(String what) {
            this.what = what;
        }

        void heapBytes(String part, long n) {
            heap = add(heap, n);
            heapParts.add(part + " " + bytes(n));
        }

        void nativeBytes(String part, long n) {
            offHeap = add(offHeap, n);
            nativeParts.add(part + " " + bytes(n));
        }

        void array(long length, String of) {
            if (length > largestArray) {
                largestArray = length;
                largestArrayWhat = of;
            }
        }

        MemoryEstimate build() {
            return new MemoryEstimate(this);
        }
    }
}
