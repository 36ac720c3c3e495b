package org.gan4j.io;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.Version;
import org.gan4j.nn.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves a trained generator to one small file and loads it back for sampling, on any provider.
 *
 * <p>The file is a zip of {@code generator.properties} (format name and version, the network's spec as its input
 * shape and each layer's text form, zDim, image shape, data type, parameter count, the names of the buffers),
 * {@code parameters.bin} (the flat parameter vector as little-endian IEEE floats of that data type, in the network's
 * {@link Generator#parameters()} order) and one {@code buffer.<name>.bin} per buffer ({@link Generator#buffers()}:
 * BatchNorm's running statistics, which sampling in eval mode uses). A conditional generator's manifest adds
 * {@code classes} and its names {@code class.0}, {@code class.1}, ... (its {@code zDim} is then the network's input,
 * noise and one-hot); a file without them loads as an unconditional generator. Version 1 files (gan4j 0.1.0: an MLP
 * described by {@code mlp.*} keys, no buffers) still load. No Java
 * serialization: loading an untrusted file cannot run code. Writes go to a temporary file that is moved to the
 * target when complete, so a crash never leaves a half-written generator under the final name, and an existing file
 * is replaced only when asked ({@link StandardCopyOption#REPLACE_EXISTING}).
 *
 * <p>Any generator the library built (from an {@link Mlp}) is saved with its description and loads with
 * {@link #load(Path, long)}. A hand-written {@link Generator} has no description ({@link Generator#spec()} is
 * empty): its parameters are saved with its class name, and {@link #load(Path, Generator, long)} puts them back into
 * an instance you construct, which must have the same parameter count and data type.
 */
public final class GeneratorFile {

    /** The format's name, stored in the manifest. */
    public static final String FORMAT = "gan4j-generator";
    /** The format version this code writes; it reads this one and version 1. */
    public static final int VERSION = 2;
    /** The first release's version: an MLP described by {@code mlp.*} keys. */
    static final int VERSION_MLP = 1;
    /** The manifest key of a conditional generator's class count (its {@code zDim} key is the network's input). */
    public static final String CLASSES_KEY = "classes";
    /** The manifest keys of a conditional generator's class names: {@code class.0}, {@code class.1}, ... */
    public static final String CLASS_NAME_PREFIX = "class.";
    /** The manifest entry's name. */
    public static final String MANIFEST_ENTRY = "generator.properties";
    /** The parameter entry's name. */
    public static final String PARAMETERS_ENTRY = "parameters.bin";
    /**
     * A checkpoint's entry of the generator's moving average (present when the run kept one): {@link #load} reads
     * the parameters from it instead of {@link #PARAMETERS_ENTRY}, so that a checkpoint loaded as a generator is the
     * generator the run hands out.
     */
    public static final String EMA_PARAMETERS_ENTRY = "generator-ema.bin";
    /** Manifest key of the network kind: {@value #KIND_SPEC} or {@value #KIND_CUSTOM}. */
    static final String KIND_KEY = "network";
    static final String KIND_SPEC = "spec";
    static final String KIND_CUSTOM = "custom";
    static final String SPEC_INPUT = "network.input";
    static final String SPEC_LAYERS = "network.layers";
    static final String SPEC_LAYER = "network.layer.";
    /** Manifest key listing the buffers' names, comma-separated, in {@link Generator#buffers()} order. */
    static final String BUFFERS_KEY = "buffers";
    /** Manifest key of a buffer's data type: {@code buffer.<name>.dataType}. */
    static final String BUFFER_PREFIX = "buffer.";
    /** Manifest key of a hand-written network's class name. */
    static final String CLASS_KEY = "network.class";

    private GeneratorFile() {
    }

    /**
     * Writes a generator to a new file.
     *
     * @param file      where to write; refused if it exists, unless {@code options} holds
     *                  {@link StandardCopyOption#REPLACE_EXISTING}
     * @param generator the generator (built by the library, or hand-written: see the class documentation)
     * @param options   {@link StandardCopyOption#REPLACE_EXISTING} to replace an existing file; nothing else is
     *                  accepted
     * @throws FileAlreadyExistsException if {@code file} exists and replacing was not asked for
     * @throws IllegalArgumentException   if an option other than {@code REPLACE_EXISTING} is given
     * @throws IOException                if writing fails (nothing is left under {@code file} then)
     */
    public static void save(Path file, TrainedGenerator generator, CopyOption... options) throws IOException {
        boolean replace = false;
        for (CopyOption option : options) {
            if (option != StandardCopyOption.REPLACE_EXISTING) {
                throw new IllegalArgumentException("GeneratorFile.save accepts only REPLACE_EXISTING, got " + option);
            }
            replace = true;
        }
        Properties p = manifest(generator);
        Map<String, byte[]> entries = entries(generator);
        AtomicFiles.Writer writer = raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
            p.store(zip, "gan4j generator");
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        };
        if (replace) {
            AtomicFiles.write(file, writer);
        } else {
            try {
                AtomicFiles.create(file, writer);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(file.toString(), null, "already exists; pass "
                        + "StandardCopyOption.REPLACE_EXISTING to GeneratorFile.save to replace it");
            }
        }
    }

    /**
     * The manifest describing a generator (checkpoints embed it, so that {@link #load} reads a checkpoint's
     * generator too).
     *
     * @param generator the generator to describe
     * @return the manifest's fields
     * @throws IllegalArgumentException if the generator's parameter count does not match its description
     */
    public static Properties manifest(TrainedGenerator generator) {
        Generator net = generator.network();
        int imageSize = net.outputSize();
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("gan4j.version", Version.get());
        Optional<NetworkSpec> spec = net.spec();
        if (spec.isPresent()) {
            NetworkSpec n = spec.get();
            if (n.parameterCount() != net.parameterCount()) {
                throw new IllegalArgumentException("the generator has " + net.parameterCount() + " parameters but "
                        + "its spec " + n + " has " + n.parameterCount());
            }
            p.setProperty(KIND_KEY, KIND_SPEC);
            p.setProperty(SPEC_INPUT, n.inputShape().toString());
            List<String> layers = n.layerTexts();
            p.setProperty(SPEC_LAYERS, Integer.toString(layers.size()));
            for (int i = 0; i < layers.size(); i++) {
                p.setProperty(SPEC_LAYER + i, layers.get(i));
            }
        } else {
            p.setProperty(KIND_KEY, KIND_CUSTOM);
            p.setProperty(CLASS_KEY, net.getClass().getName());
        }
        p.setProperty(BUFFERS_KEY, String.join(",", net.buffers().keySet()));
        for (Map.Entry<String, INDArray> b : net.buffers().entrySet()) {
            p.setProperty(BUFFER_PREFIX + b.getKey() + ".dataType", b.getValue().dataType().name());
        }
        p.setProperty("zDim", Integer.toString(net.zDim()));
        p.setProperty("image.height", Integer.toString(generator.imageHeight()));
        p.setProperty("image.width", Integer.toString(generator.imageWidth()));
        p.setProperty("image.channels", Integer.toString(generator.imageChannels()));
        p.setProperty("dataType", net.dataType().name());
        p.setProperty("parameterCount", Long.toString(net.parameterCount()));
        if (generator.isConditional()) { // absent for an unconditional generator: files stay as they were
            p.setProperty(CLASSES_KEY, Integer.toString(generator.classes()));
            for (int i = 0; i < generator.classes(); i++) {
                p.setProperty(CLASS_NAME_PREFIX + i, generator.classNames().get(i));
            }
        }
        return p;
    }

    /**
     * A conditional generator's class names: {@value #CLASSES_KEY} and one {@value #CLASS_NAME_PREFIX}{@code i} per
     * class; none when the manifest has no {@value #CLASSES_KEY} (every file before conditional generators).
     */
    private static List<String> classNames(Properties p, Path file, int inputSize) throws GeneratorFileException {
        if (p.getProperty(CLASSES_KEY) == null) {
            return List.of();
        }
        int classes = (int) Sizes.number(p, CLASSES_KEY, file, 2, Math.min(org.gan4j.ClassLabels.MAX_CLASSES,
                inputSize - 1L));
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(required(p, CLASS_NAME_PREFIX + i, file));
        }
        try {
            org.gan4j.ClassLabels.checkNames(names);
        } catch (IllegalArgumentException e) {
            throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": " + e.getMessage());
        }
        return names;
    }

    /**
     * The entries besides the manifest: the parameters and each buffer, as {@link #save} writes them (checkpoints
     * embed them too).
     *
     * @param generator the generator to store
     * @return entry name to bytes, in the order they are written
     */
    public static Map<String, byte[]> entries(TrainedGenerator generator) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(PARAMETERS_ENTRY, ArrayBytes.toBytes(generator.network().parameters()));
        for (Map.Entry<String, INDArray> b : generator.network().buffers().entrySet()) {
            e.put(bufferEntry(b.getKey()), ArrayBytes.toBytes(b.getValue()));
        }
        return e;
    }

    /**
     * The zip entry of a buffer.
     *
     * @param name the buffer's name, e.g. {@code 2.running_mean}
     * @return {@code buffer.2.running_mean.bin}
     */
    public static String bufferEntry(String name) {
        return BUFFER_PREFIX + name + ".bin";
    }

    /**
     * Loads a generator saved by {@link #save} (or a checkpoint's generator), building the network from its
     * description with the current provider.
     *
     * <p>Every manifest field is range-checked and the entries' sizes must be what the manifest declares
     * ({@link BoundedZip}: a manifest holds at most 1 MiB, an array entry exactly its element count times its element
     * size); non-finite parameters are refused. The network is built only once the file is known to hold its
     * parameters.
     *
     * @param file      the generator file or checkpoint
     * @param noiseSeed seed of the noise {@link TrainedGenerator#sample(int)} draws
     * @return the generator, ready for sampling
     * @throws GeneratorFileException naming the file and what is wrong with it, including a file of a hand-written
     *                                generator (load those with {@link #load(Path, Generator, long)})
     * @throws IOException            if the file cannot be read
     */
    public static TrainedGenerator load(Path file, long noiseSeed) throws IOException {
        try (BoundedZip zip = open(file)) {
            Contents c = read(file, zip);
            if (KIND_CUSTOM.equals(c.manifest.getProperty(KIND_KEY))) {
                throw new GeneratorFileException(file + ": holds the parameters of a hand-written generator ("
                        + c.manifest.getProperty(CLASS_KEY) + "), which cannot be rebuilt from the file; construct "
                        + "one and load them into it with GeneratorFile.load(file, generator, seed)");
            }
            Sizes shape = Sizes.of(c.manifest, file);
            NetworkSpec spec;
            try {
                spec = c.version == VERSION_MLP ? mlpSpec(c.manifest, file, shape) : spec(c.manifest, file);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new GeneratorFileException(file + ": invalid manifest: " + e.getMessage());
            }
            check(file, "zDim", shape.zDim, spec.inputShape().size(), "the network described has");
            check(file, "image size (height x width x channels)", shape.imageSize(), spec.outputShape().size(),
                    "the network described has");
            check(file, "parameterCount", shape.parameterCount, spec.parameterCount(), "the network described has");
            // before the network is built: a small file must not make us allocate a large network
            zip.checkCanHold(parametersEntry(zip), spec.parameterCount() * ArrayBytes.width(shape.type));
            Generator g = Gan.engine().generator(spec, shape.type, 0);
            return fill(file, zip, c, shape, g, noiseSeed);
        }
    }

    /** The spec of a version 1 file: the MLP its {@code mlp.*} keys describe, from zDim to the flat image. */
    private static NetworkSpec mlpSpec(Properties p, Path file, Sizes shape) throws GeneratorFileException {
        String hidden = p.getProperty("mlp.hidden", "");
        int[] widths;
        try {
            widths = hidden.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(hidden.split(",")).mapToInt(w -> Integer.parseInt(w.trim())).toArray();
        } catch (NumberFormatException e) { // its own message is only 'For input string: "x"'
            throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": mlp.hidden must be comma-separated "
                    + "layer widths, found " + hidden);
        }
        Mlp mlp = Mlp.of(Activation.parse(required(p, "mlp.hiddenActivation", file)),
                Activation.parse(required(p, "mlp.outputActivation", file)), widths);
        return mlp.spec(org.gan4j.nn.Shape.vector(shape.zDim), org.gan4j.nn.Shape.vector(shape.imageSize()));
    }

    private static NetworkSpec spec(Properties p, Path file) throws GeneratorFileException {
        int count = (int) Sizes.number(p, SPEC_LAYERS, file, 1, 10_000);
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(required(p, SPEC_LAYER + i, file));
        }
        return NetworkSpec.parse(required(p, SPEC_INPUT, file), layers);
    }

    /**
     * Loads a saved generator's parameters into a network you constructed: the way back for a hand-written
     * generator (any generator file works, as long as the network matches it).
     *
     * @param file      the generator file or checkpoint
     * @param generator receives the parameters; must have the file's zDim, output size, data type and parameter
     *                  count
     * @param noiseSeed seed of the noise {@link TrainedGenerator#sample(int)} draws
     * @return {@code generator}, with the file's parameters, ready for sampling
     * @throws GeneratorFileException naming the file and the first property that does not match
     * @throws IOException            if the file cannot be read
     */
    public static TrainedGenerator load(Path file, Generator generator, long noiseSeed) throws IOException {
        try (BoundedZip zip = open(file)) {
            Contents c = read(file, zip);
            Sizes shape = Sizes.of(c.manifest, file);
            check(file, "zDim", shape.zDim, generator.zDim(), "the generator to load into has");
            check(file, "output size", shape.imageSize(), generator.outputSize(), "the generator to load into has");
            check(file, "dataType", shape.type, generator.dataType(), "the generator to load into has");
            return fill(file, zip, c, shape, generator, noiseSeed);
        }
    }

    private static void check(Path file, String what, Object inFile, Object other, String otherName)
            throws GeneratorFileException {
        if (!inFile.equals(other)) {
            throw new GeneratorFileException(file + ": " + what + " is " + inFile + " but " + otherName + " " + other);
        }
    }

    private static TrainedGenerator fill(Path file, BoundedZip zip, Contents c, Sizes shape, Generator g,
                                         long noiseSeed) throws IOException {
        long count = g.parameterCount();
        if (shape.parameterCount != count) {
            throw new GeneratorFileException(file + ": " + PARAMETERS_ENTRY + ": the file holds "
                    + shape.parameterCount + " parameters (parameterCount), the generator to load into has " + count
                    + " (expected " + count * ArrayBytes.width(shape.type) + " bytes)");
        }
        int width = ArrayBytes.width(shape.type);
        String parametersEntry = parametersEntry(zip);
        byte[] parameters = zip.bytes(parametersEntry, count * width);
        requireFinite(file, parametersEntry, parameters, shape.type);
        Map<String, INDArray> buffers = g.buffers();
        List<String> stored = c.version == VERSION_MLP ? List.of() : names(c.manifest.getProperty(BUFFERS_KEY, ""));
        if (!stored.equals(List.copyOf(buffers.keySet()))) {
            throw new GeneratorFileException(file + ": " + BUFFERS_KEY + ": the file holds buffers " + stored
                    + " but the generator has " + buffers.keySet());
        }
        List<INDArray[]> values = new ArrayList<>(); // {target, value}
        for (Map.Entry<String, INDArray> b : buffers.entrySet()) {
            String entry = bufferEntry(b.getKey());
            DataType type = b.getValue().dataType();
            String declared = c.manifest.getProperty(BUFFER_PREFIX + b.getKey() + ".dataType");
            if (declared != null && !declared.equals(type.name())) {
                throw new GeneratorFileException(file + ": " + BUFFER_PREFIX + b.getKey() + ".dataType is "
                        + declared + " but the generator's buffer is " + type);
            }
            byte[] bytes = zip.bytes(entry, b.getValue().length() * ArrayBytes.width(type));
            if (type != DataType.LONG) {
                requireFinite(file, entry, bytes, type);
                if (b.getKey().endsWith("running_var") && !ArrayBytes.allAtLeast(bytes, type, 0)) {
                    throw new GeneratorFileException(file + ": " + entry + " holds a negative variance");
                }
            }
            values.add(new INDArray[] {b.getValue(), ArrayBytes.fromBytes(bytes, type).reshape(b.getValue().shape())});
        }
        // assigned only once everything is read and checked: a refused file leaves the generator unchanged
        for (INDArray[] v : values) {
            v[0].assign(v[1]);
        }
        g.parameters().assign(ArrayBytes.fromBytes(parameters, shape.type));
        try {
            return new TrainedGenerator(g, shape.height, shape.width, shape.channels, noiseSeed,
                    classNames(c.manifest, file, g.inputSize()));
        } catch (IllegalArgumentException e) {
            throw new GeneratorFileException(file + ": " + e.getMessage());
        }
    }

    /** The moving average of a checkpoint that has one, else the parameters. */
    private static String parametersEntry(BoundedZip zip) {
        return zip.contains(EMA_PARAMETERS_ENTRY) ? EMA_PARAMETERS_ENTRY : PARAMETERS_ENTRY;
    }

    private static void requireFinite(Path file, String entry, byte[] bytes, DataType type)
            throws GeneratorFileException {
        if (!ArrayBytes.allFinite(bytes, type)) {
            throw new GeneratorFileException(file + ": " + entry + " holds NaN or infinite values");
        }
    }

    /** The manifest and its version (format and version checked). */
    private record Contents(Properties manifest, int version) {
    }

    private static List<String> names(String commaSeparated) {
        return commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(","));
    }

    private static BoundedZip open(Path file) throws IOException {
        return BoundedZip.open(file, "gan4j generator file", problem -> new GeneratorFileException(file + ": "
                + problem));
    }

    private static Contents read(Path file, BoundedZip zip) throws IOException {
        if (!zip.contains(MANIFEST_ENTRY) || !zip.contains(PARAMETERS_ENTRY)) {
            throw new GeneratorFileException(file + ": not a gan4j generator file (expected entries " + MANIFEST_ENTRY
                    + " and " + PARAMETERS_ENTRY + ")");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(zip.text(MANIFEST_ENTRY)));
        } catch (IllegalArgumentException e) { // a malformed unicode escape
            throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": " + e.getMessage());
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new GeneratorFileException(file + ": format: expected " + FORMAT + ", found "
                    + p.getProperty("format"));
        }
        String version = p.getProperty("version");
        if (!Integer.toString(VERSION).equals(version) && !Integer.toString(VERSION_MLP).equals(version)) {
            throw new GeneratorFileException(file + ": version: expected " + VERSION_MLP + " or " + VERSION
                    + ", found " + version + " (written by a different gan4j)");
        }
        return new Contents(p, Integer.parseInt(version));
    }

    /** The largest zDim, image side and channel count a manifest may declare (the image at most 2^31 - 1 values). */
    static final int MAX_DIMENSION = 1 << 20;

    /** The sizes and type a manifest declares, each range-checked. */
    private record Sizes(int zDim, int height, int width, int channels, DataType type, long parameterCount) {
        static Sizes of(Properties p, Path file) throws GeneratorFileException {
            String type = required(p, "dataType", file);
            if (!type.equals(DataType.FLOAT.name()) && !type.equals(DataType.DOUBLE.name())) {
                throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": dataType must be FLOAT or DOUBLE, "
                        + "found " + type);
            }
            Sizes s = new Sizes(dimension(p, "zDim", file), dimension(p, "image.height", file),
                    dimension(p, "image.width", file), dimension(p, "image.channels", file), DataType.valueOf(type),
                    number(p, "parameterCount", file, 1,
                            BoundedZip.MAX_ENTRY_BYTES / 4));
            if ((long) s.height * s.width * s.channels > Integer.MAX_VALUE) {
                throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": image.height x image.width x "
                        + "image.channels must be at most " + Integer.MAX_VALUE + ", found " + s.height + "x"
                        + s.width + "x" + s.channels);
            }
            return s;
        }

        int imageSize() {
            return height * width * channels;
        }

        private static int dimension(Properties p, String key, Path file) throws GeneratorFileException {
            return (int) number(p, key, file, 1, MAX_DIMENSION);
        }

        private static long number(Properties p, String key, Path file, long min, long max)
                throws GeneratorFileException {
            String text = required(p, key, file);
            long v;
            try {
                v = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": " + key + " must be a whole "
                        + "number, found " + text);
            }
            if (v < min || v > max) {
                throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": " + key + " must be in " + min
                        + ".." + max + ", found " + v);
            }
            return v;
        }
    }

    private static String required(Properties p, String key, Path file) throws GeneratorFileException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": missing field " + key);
        }
        return v;
    }
}
