package org.gan4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.Version;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Saves a trained generator to one small file and loads it back for sampling, on any provider.
 *
 * <p>The file is a zip of two entries: {@code generator.properties} (format name and version, the network's
 * description, zDim, image shape, data type, parameter count) and {@code parameters.bin} (the flat parameter vector
 * as little-endian IEEE floats of that data type, in the network's {@link Generator#parameters()} order). No Java
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
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** The manifest entry's name. */
    public static final String MANIFEST_ENTRY = "generator.properties";
    /** The parameter entry's name. */
    public static final String PARAMETERS_ENTRY = "parameters.bin";
    /** Manifest key of the network kind: {@value #KIND_MLP} or {@value #KIND_CUSTOM}; absent means an MLP. */
    static final String KIND_KEY = "network";
    static final String KIND_MLP = "mlp";
    static final String KIND_CUSTOM = "custom";
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
        byte[] params = ArrayBytes.toBytes(generator.network().parameters());
        AtomicFiles.Writer writer = raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
            p.store(zip, "gan4j generator");
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(PARAMETERS_ENTRY));
            zip.write(params);
            zip.closeEntry();
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
        Optional<Mlp> spec = net.spec();
        if (spec.isPresent()) {
            Mlp mlp = spec.get();
            long count = mlp.parameterCount(net.zDim(), imageSize);
            if (count != net.parameterCount()) {
                throw new IllegalArgumentException("the generator has " + net.parameterCount() + " parameters but "
                        + mlp + " from " + net.zDim() + " to " + imageSize + " has " + count);
            }
            p.setProperty(KIND_KEY, KIND_MLP);
            p.setProperty("mlp.hidden", mlp.hiddenWidths().toString().replaceAll("[\\[\\] ]", ""));
            p.setProperty("mlp.hiddenActivation", mlp.hiddenActivation().toString());
            p.setProperty("mlp.outputActivation", mlp.outputActivation().toString());
        } else {
            p.setProperty(KIND_KEY, KIND_CUSTOM);
            p.setProperty(CLASS_KEY, net.getClass().getName());
        }
        p.setProperty("zDim", Integer.toString(net.zDim()));
        p.setProperty("image.height", Integer.toString(generator.imageHeight()));
        p.setProperty("image.width", Integer.toString(generator.imageWidth()));
        p.setProperty("image.channels", Integer.toString(generator.imageChannels()));
        p.setProperty("dataType", net.dataType().name());
        p.setProperty("parameterCount", Long.toString(net.parameterCount()));
        return p;
    }

    /**
     * Loads a generator saved by {@link #save} (or a checkpoint's generator), building the network from its
     * description with the current provider.
     *
     * @param file      the generator file or checkpoint
     * @param noiseSeed seed of the noise {@link TrainedGenerator#sample(int)} draws
     * @return the generator, ready for sampling
     * @throws GeneratorFileException naming the file and what is wrong with it, including a file of a hand-written
     *                                generator (load those with {@link #load(Path, Generator, long)})
     * @throws IOException            if the file cannot be read
     */
    public static TrainedGenerator load(Path file, long noiseSeed) throws IOException {
        Contents c = read(file);
        if (KIND_CUSTOM.equals(c.manifest.getProperty(KIND_KEY))) {
            throw new GeneratorFileException(file + ": holds the parameters of a hand-written generator ("
                    + c.manifest.getProperty(CLASS_KEY) + "), which cannot be rebuilt from the file; construct one "
                    + "and load them into it with GeneratorFile.load(file, generator, seed)");
        }
        try {
            String hidden = c.manifest.getProperty("mlp.hidden", "");
            int[] widths = hidden.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray();
            Mlp mlp = Mlp.of(Activation.parse(required(c.manifest, "mlp.hiddenActivation", file)),
                    Activation.parse(required(c.manifest, "mlp.outputActivation", file)), widths);
            Shape shape = Shape.of(c.manifest, file);
            Generator g = Gan.engine().generator(mlp, shape.zDim, shape.imageSize(), shape.type, 0);
            return fill(file, c, shape, g, noiseSeed);
        } catch (IllegalArgumentException e) {
            throw new GeneratorFileException(file + ": invalid manifest: " + e.getMessage());
        }
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
        Contents c = read(file);
        Shape shape = Shape.of(c.manifest, file);
        check(file, "zDim", shape.zDim, generator.zDim());
        check(file, "output size", shape.imageSize(), generator.outputSize());
        check(file, "dataType", shape.type, generator.dataType());
        return fill(file, c, shape, generator, noiseSeed);
    }

    private static void check(Path file, String what, Object inFile, Object inNetwork) throws GeneratorFileException {
        if (!inFile.equals(inNetwork)) {
            throw new GeneratorFileException(file + ": " + what + " is " + inFile + " but the generator to load "
                    + "into has " + inNetwork);
        }
    }

    private static TrainedGenerator fill(Path file, Contents c, Shape shape, Generator g, long noiseSeed)
            throws GeneratorFileException {
        long count = g.parameterCount();
        int width = shape.type == DataType.DOUBLE ? 8 : 4;
        if (c.parameters.length != count * width) {
            throw new GeneratorFileException(file + ": " + PARAMETERS_ENTRY + ": expected " + count * width
                    + " bytes (" + count + " " + shape.type + " parameters), found " + c.parameters.length);
        }
        g.parameters().assign(ArrayBytes.fromBytes(c.parameters, shape.type));
        return new TrainedGenerator(g, shape.height, shape.width, shape.channels, noiseSeed);
    }

    /** The two entries of a generator file. */
    private record Contents(Properties manifest, byte[] parameters) {
    }

    private static Contents read(Path file) throws IOException {
        Properties p = null;
        byte[] params = null;
        try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(MANIFEST_ENTRY)) {
                    p = new Properties();
                    p.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1)));
                } else if (e.getName().equals(PARAMETERS_ENTRY)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    zip.transferTo(out);
                    params = out.toByteArray();
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new GeneratorFileException(file + ": not a readable gan4j generator file (" + e.getMessage() + ")");
        }
        if (p == null || params == null) {
            throw new GeneratorFileException(file + ": not a gan4j generator file (expected entries " + MANIFEST_ENTRY
                    + " and " + PARAMETERS_ENTRY + ")");
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new GeneratorFileException(file + ": format: expected " + FORMAT + ", found "
                    + p.getProperty("format"));
        }
        if (!Integer.toString(VERSION).equals(p.getProperty("version"))) {
            throw new GeneratorFileException(file + ": version: expected " + VERSION + ", found "
                    + p.getProperty("version") + " (written by a different gan4j)");
        }
        return new Contents(p, params);
    }

    /** The sizes and type a manifest declares. */
    private record Shape(int zDim, int height, int width, int channels, DataType type) {
        static Shape of(Properties p, Path file) throws GeneratorFileException {
            try {
                return new Shape(Integer.parseInt(required(p, "zDim", file)),
                        Integer.parseInt(required(p, "image.height", file)),
                        Integer.parseInt(required(p, "image.width", file)),
                        Integer.parseInt(required(p, "image.channels", file)),
                        DataType.valueOf(required(p, "dataType", file)));
            } catch (IllegalArgumentException e) {
                throw new GeneratorFileException(file + ": invalid manifest: " + e.getMessage());
            }
        }

        int imageSize() {
            return Math.multiplyExact(Math.multiplyExact(height, width), channels);
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
