package org.gan4j.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.AtomicFiles;
import org.gan4j.io.BoundedZip;
import org.gan4j.nn.LayerSpec;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained image classifier whose penultimate layer gives the features the metrics compare: its architecture (a
 * {@link NetworkSpec} from the image to the class logits), which layer's output is the feature vector, the classes,
 * the trained parameters and buffers under PyTorch-{@code state_dict}-style names ({@code 0.weight},
 * {@code 1.running_mean}), and the accuracy it measured on its test images. An immutable value: the arrays it hands
 * out are copies.
 *
 * <p>The library ships two, trained by the library itself ({@code gan4j train-classifier}, see
 * docs/feature-networks.md): {@link #mnist()} and {@link #fashionMnist()}. Users train their own
 * ({@link org.gan4j.spi.GanEngine#trainClassifier}) and keep them with {@link #save} / {@link #load}.
 *
 * <p><b>File format</b> ({@value #FORMAT}, version {@value #VERSION}): a zip of stored (uncompressed) entries with
 * fixed times, so that the same network always makes the same bytes and {@link #sha256()} identifies it:
 * {@value #MANIFEST_ENTRY} (ASCII {@code key=value} lines: format, version, name, the spec as input shape and layer
 * texts, feature layer, class names, test accuracy, how it was trained, each parameter's and buffer's name and
 * shape, and the SHA-256 of the array entries), {@value #PARAMETERS_ENTRY} (every parameter in order, little-endian
 * FLOAT) and one {@code buffer.<name>.bin} per buffer. A damaged file (a checksum that does not match, a truncated
 * zip, another format or version, sizes that do not match the spec, non-finite values) is refused with an
 * {@link IOException} naming the file and what is wrong.
 */
public final class FeatureNetwork {

    /** The format's name, stored in the manifest. */
    public static final String FORMAT = "gan4j-feature-network";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** The manifest entry's name. */
    public static final String MANIFEST_ENTRY = "feature-network.properties";
    /** The parameter entry's name. */
    public static final String PARAMETERS_ENTRY = "parameters.bin";

    /** The shipped MNIST network's resource. */
    static final String MNIST_RESOURCE = "/org/gan4j/eval/mnist-classifier.zip";
    /** The SHA-256 of {@link #MNIST_RESOURCE}: what {@code gan4j train-classifier --dataset mnist} writes. */
    public static final String MNIST_SHA256 = "5edd0b120cf431a902489f983a46717c271aa19e37ec7e45b0405deed2a72239";
    /** The shipped Fashion-MNIST network's resource. */
    static final String FASHION_MNIST_RESOURCE = "/org/gan4j/eval/fashion-mnist-classifier.zip";
    /** The SHA-256 of {@link #FASHION_MNIST_RESOURCE}. */
    public static final String FASHION_MNIST_SHA256 = "40d27177adcd03cdcba829281de69acea26fd031a84efab814d283c0db8f63c7";

    /** The largest parameter count a file may declare (400 MB of floats); the shipped ones hold 220,000. */
    static final long MAX_PARAMETERS = 100_000_000L;
    /** The largest file {@link #load} and the shipped resources accept (a zip entry holds at most this much). */
    static final long MAX_FILE_BYTES = BoundedZip.MAX_ENTRY_BYTES;
    /** The entries' time: 1980-01-01, the zip format's first representable day, so the bytes never vary. */
    private static final long ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();

    private static volatile FeatureNetwork mnist;
    private static volatile FeatureNetwork fashionMnist;

    private final String name;
    private final NetworkSpec spec;
    private final int featureLayer;
    private final int featureSize;
    private final List<String> classNames;
    private final Map<String, INDArray> parameters;
    private final Map<String, INDArray> buffers;
    private final double testAccuracy;
    private final String training;
    private volatile String sha256;

    private FeatureNetwork(String name, NetworkSpec spec, int featureLayer, List<String> classNames,
                           Map<String, INDArray> parameters, Map<String, INDArray> buffers, double testAccuracy,
                           String training) {
        this.name = name;
        this.spec = spec;
        this.featureLayer = featureLayer;
        this.featureSize = spec.inputShapeOf(featureLayer + 1).size();
        this.classNames = classNames;
        this.parameters = parameters;
        this.buffers = buffers;
        this.testAccuracy = testAccuracy;
        this.training = training;
    }

    /**
     * A feature network from its parts (the engine's {@code trainClassifier} makes them so).
     *
     * @param name         a short name, e.g. {@code mnist}; not blank, one line
     * @param spec         from the image ({@code [c, h, w]}) to {@code [classes]} logits
     * @param featureLayer the index of the layer whose output is the feature vector, in
     *                     {@code [0, spec.layers().size() - 1)}
     * @param classNames   the classes' names, label 0 first, one per logit
     * @param parameters   the trained parameters under their names, in the network's order; copied
     * @param buffers      the buffers (BatchNorm's running statistics) under their names; copied
     * @param testAccuracy the fraction of test images classified right, in {@code [0, 1]}
     * @param training     how it was trained (data, settings), one line, for provenance
     * @return the network
     * @throws IllegalArgumentException if the spec does not take an image or output one logit per class, the feature
     *                                  layer is out of range, the parameters do not add up to the spec's count,
     *                                  an array is not finite, or a text is blank or holds a line break
     */
    public static FeatureNetwork of(String name, NetworkSpec spec, int featureLayer, List<String> classNames,
                                    Map<String, INDArray> parameters, Map<String, INDArray> buffers,
                                    double testAccuracy, String training) {
        oneLine("name", name);
        oneLine("training", training);
        if (!spec.inputShape().isImage()) {
            throw new IllegalArgumentException("a feature network takes images [channels, height, width], but its spec "
                    + "takes " + spec.inputShape());
        }
        if (classNames.size() < 2 || spec.outputShape().size() != classNames.size()) {
            throw new IllegalArgumentException("a feature network outputs one logit per class: its spec outputs "
                    + spec.outputShape() + " for " + classNames.size() + " classes " + classNames);
        }
        classNames.forEach(c -> oneLine("class name", c));
        if (featureLayer < 0 || featureLayer >= spec.layers().size() - 1) {
            throw new IllegalArgumentException("featureLayer must be in [0, " + (spec.layers().size() - 2) + "] for "
                    + "a spec of " + spec.layers().size() + " layers, got " + featureLayer);
        }
        if (!(testAccuracy >= 0 && testAccuracy <= 1)) {
            throw new IllegalArgumentException("testAccuracy must be in [0, 1], got " + testAccuracy);
        }
        long count = 0;
        for (Map.Entry<String, INDArray> p : parameters.entrySet()) {
            oneLine("parameter name", p.getKey());
            count += p.getValue().length();
        }
        if (count != spec.parameterCount()) {
            throw new IllegalArgumentException("the parameters hold " + count + " values but the spec " + spec
                    + " has " + spec.parameterCount());
        }
        buffers.keySet().forEach(b -> oneLine("buffer name", b));
        return new FeatureNetwork(name, spec, featureLayer, List.copyOf(classNames), copy(parameters, DataType.FLOAT,
                "parameter"), copy(buffers, null, "buffer"), testAccuracy, training);
    }

    private static void oneLine(String what, String text) {
        if (text == null || text.isBlank() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || text.indexOf(',') >= 0 && !what.equals("training")) {
            throw new IllegalArgumentException(what + " must be one non-blank line" + (what.equals("training") ? ""
                    : " without commas") + ", got '" + text + "'");
        }
    }

    /** Detached copies (converted to {@code type} when given), checked finite. */
    private static Map<String, INDArray> copy(Map<String, INDArray> arrays, DataType type, String what) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray a = e.getValue();
            INDArray c = (type == null || a.dataType() == type ? a.dup('c') : a.castTo(type).dup('c'));
            if (c.dataType().isFPType() && !ArrayBytes.allFinite(ArrayBytes.toBytes(c), c.dataType())) {
                throw new IllegalArgumentException(what + " " + e.getKey() + " holds NaN or infinite values");
            }
            out.put(e.getKey(), c);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The feature layer of a spec: the output of its penultimate dense layer, taken after that layer's activation
     * when one follows it.
     *
     * @param spec a classifier with at least two dense layers
     * @return the index of the feature layer
     * @throws IllegalArgumentException if the spec has fewer than two dense layers
     */
    public static int featureLayerOf(NetworkSpec spec) {
        List<LayerSpec> layers = spec.layers();
        List<Integer> dense = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Layers.Dense) {
                dense.add(i);
            }
        }
        if (dense.size() < 2) {
            throw new IllegalArgumentException("a feature network needs at least two dense layers (the penultimate "
                    + "one gives the features), but " + spec + " has " + dense.size());
        }
        int penultimate = dense.get(dense.size() - 2);
        return layers.get(penultimate + 1) instanceof Layers.ActivationSpec ? penultimate + 1 : penultimate;
    }

    /**
     * The shipped MNIST network: the default architecture trained on the first 8,000 of the embedded 10,000 MNIST
     * test digits ({@link org.gan4j.data.LabelledImages#embeddedMnist()}), tested on the other 2,000. Loaded once
     * from gan-api's resources and checked against its SHA-256.
     *
     * @return the network, cached
     * @throws UncheckedIOException if the resource is missing or damaged (its checksum does not match)
     */
    public static FeatureNetwork mnist() {
        FeatureNetwork n = mnist;
        if (n == null) {
            synchronized (FeatureNetwork.class) {
                if (mnist == null) {
                    mnist = shipped(MNIST_RESOURCE, MNIST_SHA256);
                }
                n = mnist;
            }
        }
        return n;
    }

    /**
     * The shipped Fashion-MNIST network: the default architecture trained on Fashion-MNIST's 60,000 training
     * images, tested on its 10,000 test images.
     *
     * @return the network, cached
     * @throws UncheckedIOException if the resource is missing or damaged (its checksum does not match)
     */
    public static FeatureNetwork fashionMnist() {
        FeatureNetwork n = fashionMnist;
        if (n == null) {
            synchronized (FeatureNetwork.class) {
                if (fashionMnist == null) {
                    fashionMnist = shipped(FASHION_MNIST_RESOURCE, FASHION_MNIST_SHA256);
                }
                n = fashionMnist;
            }
        }
        return n;
    }

    static FeatureNetwork shipped(String resource, String expected) {
        try (InputStream in = FeatureNetwork.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("shipped feature network missing from the jar: " + resource);
            }
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES);
            String actual = sha256(bytes);
            if (!actual.equals(expected)) {
                throw new IOException(resource + ": SHA-256 " + actual + " differs from the shipped network's "
                        + expected + "; the jar is damaged or was built with other weights");
            }
            return fromBytes(bytes, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Loads a network saved by {@link #save}.
     *
     * @param file the file
     * @return the network; its {@link #sha256()} is the file's
     * @throws IOException naming the file and what is wrong: missing, not a complete zip, another format or
     *                     version, a checksum that does not match, sizes that do not match its spec
     */
    public static FeatureNetwork load(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + ": " + Files.size(file) + " bytes, more than a feature network file holds");
        }
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such feature network file");
        }
        MessageDigest d = digest();
        try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream()); // streamed: the checksum costs no memory
        }
        return read(file, file.toString(), HexFormat.of().formatHex(d.digest()));
    }

    /** Reads the bytes of a file through a temporary copy (the zip reader needs a file). */
    private static FeatureNetwork fromBytes(byte[] bytes, String source) throws IOException {
        Path tmp = Files.createTempFile("gan4j-feature-network", ".zip");
        try {
            Files.write(tmp, bytes);
            return read(tmp, source, sha256(bytes));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code sha256}: the file's, computed while it was read. */
    private static FeatureNetwork read(Path file, String source, String sha256) throws IOException {
        try (BoundedZip zip = BoundedZip.open(file, "gan4j feature network file",
                problem -> new IOException(source + ": " + problem))) {
            FeatureNetwork n = new Reader(source, zip).read();
            n.sha256 = sha256;
            return n;
        }
    }

    /** Parses and checks one file. */
    private static final class Reader {
        private final String source;
        private final BoundedZip zip;
        private Properties p;

        Reader(String source, BoundedZip zip) {
            this.source = source;
            this.zip = zip;
        }

        private IOException bad(String problem) {
            return new IOException(source + ": " + problem);
        }

        FeatureNetwork read() throws IOException {
            if (!zip.contains(MANIFEST_ENTRY)) {
                throw bad("not a " + FORMAT + " file (no entry " + MANIFEST_ENTRY + ")");
            }
            p = new Properties();
            try {
                p.load(new StringReader(zip.text(MANIFEST_ENTRY)));
            } catch (IllegalArgumentException e) {
                throw bad(MANIFEST_ENTRY + ": " + e.getMessage());
            }
            if (!FORMAT.equals(p.getProperty("format"))) {
                throw bad("format: expected " + FORMAT + ", found " + p.getProperty("format"));
            }
            if (!Integer.toString(VERSION).equals(p.getProperty("version"))) {
                throw bad("version: expected " + VERSION + ", found " + p.getProperty("version")
                        + " (written by a different gan4j)");
            }
            NetworkSpec spec;
            try {
                int count = number("network.layers", 1, 10_000);
                List<String> layers = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    layers.add(required("network.layer." + i));
                }
                spec = NetworkSpec.parse(required("network.input"), layers);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw bad(MANIFEST_ENTRY + ": invalid network: " + e.getMessage());
            }
            if (spec.parameterCount() > MAX_PARAMETERS) {
                throw bad(MANIFEST_ENTRY + ": the network has " + spec.parameterCount() + " parameters, more than "
                        + MAX_PARAMETERS);
            }
            int featureLayer = number("featureLayer", 0, spec.layers().size() - 2);
            List<String> classes = List.of(required("classes").split(",", -1));
            double accuracy;
            try {
                accuracy = Double.parseDouble(required("testAccuracy"));
            } catch (NumberFormatException e) {
                throw bad(MANIFEST_ENTRY + ": testAccuracy must be a number, found " + p.getProperty("testAccuracy"));
            }
            byte[] parameterBytes = zip.bytes(PARAMETERS_ENTRY, spec.parameterCount() * 4);
            Map<String, INDArray> parameters = parameters(parameterBytes, spec.parameterCount());
            Map<String, INDArray> buffers = buffers();
            String digest = sha256(parameterBytes, buffers);
            if (!digest.equals(p.getProperty("contentSha256"))) {
                throw bad("checksum: the arrays' SHA-256 is " + digest + " but the manifest says "
                        + p.getProperty("contentSha256") + "; the file is damaged");
            }
            try {
                return of(required("name"), spec, featureLayer, classes, parameters, buffers, accuracy,
                        required("training"));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        private Map<String, INDArray> parameters(byte[] all, long total) throws IOException {
            List<String> names = list("parameters");
            Map<String, INDArray> out = new LinkedHashMap<>();
            long offset = 0;
            for (String n : names) {
                long[] shape = shape("parameter." + n + ".shape");
                long length = Arrays.stream(shape).reduce(1, Math::multiplyExact);
                if (offset + length > total) {
                    throw bad(MANIFEST_ENTRY + ": the parameters' shapes add up to more than the network's " + total
                            + " values");
                }
                byte[] slice = Arrays.copyOfRange(all, (int) (offset * 4), (int) ((offset + length) * 4));
                out.put(n, ArrayBytes.fromBytes(slice, DataType.FLOAT).reshape(shape));
                offset += length;
            }
            if (offset != total) {
                throw bad(MANIFEST_ENTRY + ": the parameters' shapes add up to " + offset + " values, the network "
                        + "has " + total);
            }
            return out;
        }

        private Map<String, INDArray> buffers() throws IOException {
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (String n : list("buffers")) {
                long[] shape = shape("buffer." + n + ".shape");
                String typeName = required("buffer." + n + ".dataType");
                DataType type;
                try {
                    type = DataType.valueOf(typeName);
                    ArrayBytes.width(type);
                } catch (IllegalArgumentException e) {
                    throw bad(MANIFEST_ENTRY + ": buffer." + n + ".dataType: unsupported type " + typeName);
                }
                long length = Arrays.stream(shape).reduce(1, Math::multiplyExact);
                if (length > MAX_PARAMETERS) {
                    throw bad(MANIFEST_ENTRY + ": buffer " + n + " declares " + length + " values");
                }
                byte[] b = zip.bytes(bufferEntry(n), length * ArrayBytes.width(type));
                out.put(n, ArrayBytes.fromBytes(b, type).reshape(shape));
            }
            return out;
        }

        private List<String> list(String key) throws IOException {
            String v = required(key);
            return v.isEmpty() ? List.of() : List.of(v.split(","));
        }

        private long[] shape(String key) throws IOException {
            String v = required(key);
            try {
                long[] s = Arrays.stream(v.split("x")).mapToLong(Long::parseLong).toArray();
                for (long d : s) {
                    if (d <= 0 || d > MAX_PARAMETERS) {
                        throw new NumberFormatException();
                    }
                }
                return s;
            } catch (NumberFormatException e) {
                throw bad(MANIFEST_ENTRY + ": " + key + " must be positive sizes joined by x, e.g. 16x1x3x3, found "
                        + v);
            }
        }

        private int number(String key, int min, int max) throws IOException {
            String text = required(key);
            try {
                int v = Integer.parseInt(text.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(MANIFEST_ENTRY + ": " + key + " must be a whole number in " + min + ".." + max + ", found "
                    + text);
        }

        private String required(String key) throws IOException {
            String v = p.getProperty(key);
            if (v == null) {
                throw bad(MANIFEST_ENTRY + ": missing field " + key);
            }
            return v;
        }
    }

    private static String bufferEntry(String name) {
        return "buffer." + name + ".bin";
    }

    /**
     * Writes this network to a new file, atomically (a temporary file moved into place when complete).
     *
     * @param file where to write; refused if it exists
     * @throws FileAlreadyExistsException if {@code file} exists (it is left as it was)
     * @throws IOException                if writing fails (nothing is left under {@code file} then)
     */
    public void save(Path file) throws IOException {
        byte[] bytes = toBytes();
        try {
            AtomicFiles.create(file, out -> out.write(bytes));
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists; choose another file or "
                    + "remove it first");
        }
    }

    /** {@return the file {@link #save} writes, as bytes: the same network always gives the same bytes} */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                Map<String, byte[]> entries = new LinkedHashMap<>();
                byte[] params = parameterBytes();
                entries.put(PARAMETERS_ENTRY, params);
                for (Map.Entry<String, INDArray> b : buffers.entrySet()) {
                    entries.put(bufferEntry(b.getKey()), ArrayBytes.toBytes(b.getValue()));
                }
                stored(zip, MANIFEST_ENTRY, manifest(sha256(params, buffers)).getBytes(StandardCharsets.US_ASCII));
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    stored(zip, e.getKey(), e.getValue());
                }
            }
            return raw.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(ENTRY_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private byte[] parameterBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (INDArray p : parameters.values()) {
            out.writeBytes(ArrayBytes.toBytes(p));
        }
        return out.toByteArray();
    }

    /** The manifest's lines, in a fixed order, without the date {@link Properties#store} would add. */
    private String manifest(String contentSha256) {
        StringBuilder s = new StringBuilder("# gan4j feature network\n");
        line(s, "format", FORMAT);
        line(s, "version", Integer.toString(VERSION));
        line(s, "name", name);
        line(s, "network.input", spec.inputShape().toString());
        List<String> layers = spec.layerTexts();
        line(s, "network.layers", Integer.toString(layers.size()));
        for (int i = 0; i < layers.size(); i++) {
            line(s, "network.layer." + i, layers.get(i));
        }
        line(s, "featureLayer", Integer.toString(featureLayer));
        line(s, "featureSize", Integer.toString(featureSize));
        line(s, "classes", String.join(",", classNames));
        line(s, "testAccuracy", Double.toString(testAccuracy));
        line(s, "training", training);
        line(s, "parameters", String.join(",", parameters.keySet()));
        for (Map.Entry<String, INDArray> p : parameters.entrySet()) {
            line(s, "parameter." + p.getKey() + ".shape", shapeText(p.getValue()));
        }
        line(s, "buffers", String.join(",", buffers.keySet()));
        for (Map.Entry<String, INDArray> b : buffers.entrySet()) {
            line(s, "buffer." + b.getKey() + ".shape", shapeText(b.getValue()));
            line(s, "buffer." + b.getKey() + ".dataType", b.getValue().dataType().name());
        }
        line(s, "contentSha256", contentSha256);
        return s.toString();
    }

    private static String shapeText(INDArray a) {
        long[] shape = a.shape();
        if (shape.length == 0) {
            return "1";
        }
        StringBuilder s = new StringBuilder();
        for (long d : shape) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }

    /** One {@code key=value} line, the value escaped as {@link Properties#load} reads it, ASCII only. */
    private static void line(StringBuilder s, String key, String value) {
        s.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                s.append("\\\\");
            } else if (i == 0 && c == ' ') {
                s.append("\\ ");
            } else if (c < 0x20 || c > 0x7e) {
                s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        s.append('\n');
    }

    private static String sha256(byte[] params, Map<String, INDArray> buffers) {
        MessageDigest d = digest();
        d.update(params);
        for (INDArray b : buffers.values()) {
            d.update(ArrayBytes.toBytes(b));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e); // every Java SE platform has it
        }
    }

    /** {@return the short name, e.g. {@code mnist}} */
    public String name() {
        return name;
    }

    /** {@return the architecture: from the image to {@code [classes]} logits} */
    public NetworkSpec spec() {
        return spec;
    }

    /** {@return the index in {@link #spec()}'s layers of the layer whose output is the feature vector} */
    public int featureLayer() {
        return featureLayer;
    }

    /** {@return the length of a feature vector: the feature layer's output size} */
    public int featureSize() {
        return featureSize;
    }

    /** {@return the classes' names, label 0 first} */
    public List<String> classNames() {
        return classNames;
    }

    /** {@return the shape of the images the network takes, {@code [c, h, w]}} */
    public Shape imageShape() {
        return spec.inputShape();
    }

    /** {@return copies of the trained parameters, FLOAT, under their names, in the network's order} */
    public Map<String, INDArray> parameters() {
        return copyOut(parameters);
    }

    /** {@return copies of the buffers (BatchNorm's running statistics) under their names} */
    public Map<String, INDArray> buffers() {
        return copyOut(buffers);
    }

    private static Map<String, INDArray> copyOut(Map<String, INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /** {@return the fraction of its test images the network classified right, measured after training} */
    public double testAccuracy() {
        return testAccuracy;
    }

    /** {@return how it was trained: the data and the settings} */
    public String training() {
        return training;
    }

    /** {@return the SHA-256 (hex) of the file {@link #save} writes for this network: it identifies the weights} */
    public String sha256() {
        String s = sha256;
        if (s == null) {
            s = sha256(toBytes());
            sha256 = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FeatureNetwork[%s, %s -> %d features -> %d classes, test accuracy %.4f, "
                + "sha256 %s]", name, imageShape(), featureSize, classNames.size(), testAccuracy,
                sha256().substring(0, 12));
    }
}
