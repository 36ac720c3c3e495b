package org.gan4j.nd4j.eval;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.gan4j.eval.Evaluation;
import org.gan4j.io.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation's cache directory: what an evaluator prepares (the reference features, their neighbour radii, the
 * memorisation baseline) as double matrices, one file each. An entry is named by a SHA-256 over the feature network's
 * checksum and the pixels it comes from ({@link #key}), and ends with a SHA-256 of its content: a damaged entry is
 * computed again and replaced, with a warning. Entries are written atomically, only after they were computed in full.
 */
final class EvaluationCache {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationCache.class);
    static final String MAGIC = "gan4j-reference-features-1"; // the first entry's name, kept: files stay readable

    private EvaluationCache() {
    }

    /**
     * A {@code [rows, columns]} double matrix from the evaluation's cache, or computed (and then cached) when the
     * cache has no intact entry or there is no cache.
     *
     * @param evaluation its cache directory, if any
     * @param name       the entry's file name (computed only when there is a cache)
     * @param rows       the matrix's rows, checked on reading
     * @param columns    its columns, checked on reading
     * @param compute    computes the matrix
     * @return the matrix, DOUBLE
     */
    static INDArray cached(Evaluation evaluation, java.util.function.Supplier<String> name, int rows, int columns,
                           java.util.function.Supplier<INDArray> compute) {
        if (evaluation.cacheDirectory().isEmpty()) {
            return compute.get();
        }
        Path file = evaluation.cacheDirectory().get().resolve(name.get());
        if (Files.isRegularFile(file)) {
            try {
                return read(file, rows, columns);
            } catch (IOException e) {
                LOG.warn("gan4j: {}; computing it again", e.getMessage());
            }
        }
        INDArray value = compute.get();
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = write(value);
            AtomicFiles.write(file, o -> o.write(bytes));
        } catch (IOException e) {
            LOG.warn("gan4j: cannot cache evaluation data in {}: {}", file, e.getMessage());
        }
        return value;
    }

    /**
     * A cache key over the feature network and the images themselves (not a dataset's name, which a changed folder
     * keeps).
     *
     * @param evaluation whose feature network
     * @param images     the images an entry is computed from
     * @return 32 hex digits
     */
    static String key(Evaluation evaluation, INDArray images) {
        MessageDigest sha = sha256();
        sha.update(evaluation.featureNetwork().sha256().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        float[] pixels = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer buffer = ByteBuffer.allocate(pixels.length * Float.BYTES);
        buffer.asFloatBuffer().put(pixels);
        sha.update(buffer.array());
        sha.update(Arrays.toString(images.shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    }

    static byte[] write(INDArray features) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(MAGIC);
        out.writeInt((int) features.rows());
        out.writeInt((int) features.columns());
        for (double v : features.castTo(DataType.DOUBLE).dup('c').data().asDouble()) {
            out.writeDouble(v);
        }
        out.flush();
        byte[] body = bytes.toByteArray();
        out.write(sha256().digest(body));
        out.flush();
        return bytes.toByteArray();
    }

    static INDArray read(Path file, int rows, int columns) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 32) {
            throw new IOException(file + ": damaged cache entry (" + all.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!MessageDigest.isEqual(sha256().digest(body), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new IOException(file + ": damaged cache entry (checksum mismatch)");
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException(file + ": not a gan4j reference-features cache entry");
        }
        int n = in.readInt();
        int d = in.readInt();
        if (n != rows || d != columns || body.length != 2 + MAGIC.length() + 8 + 8L * n * d) {
            throw new IOException(file + ": cache entry holds [" + n + ", " + d + "] features, expected [" + rows
                    + ", " + columns + "]");
        }
        double[] values = new double[n * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return Nd4j.createFromArray(values).reshape('c', n, d);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
