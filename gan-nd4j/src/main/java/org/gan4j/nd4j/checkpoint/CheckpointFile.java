package org.gan4j.nd4j.checkpoint;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gan4j.io.AtomicFiles;
import org.gan4j.io.BoundedZip;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.Checkpoints;

/**
 * The checkpoint container: a zip whose entry {@value #MANIFEST} (Java properties) holds the format name and
 * version, the run's counters and settings, and the SHA-256 and length of every other entry; the other entries are
 * binary arrays (little-endian, see {@link org.gan4j.io.ArrayBytes}). No Java serialization: loading an untrusted
 * checkpoint cannot run code. Files are written atomically ({@link AtomicFiles}); reading checks every entry (read
 * through {@link BoundedZip}: each at the length its manifest declares, the manifest at most 1 MiB) and every field
 * of the run's state ({@link RunStateRules}).
 */
public final class CheckpointFile {

    /** The format's name. */
    public static final String FORMAT = "gan4j-checkpoint";
    /** The format version written and read. */
    public static final int VERSION = 1;
    /** The manifest entry. */
    public static final String MANIFEST = "checkpoint.properties";

    private CheckpointFile() {
    }

    /**
     * A checkpoint's contents, verified.
     *
     * @param file     the file they were read from, for messages
     * @param manifest the {@value #MANIFEST} entry: format, version, counters, settings and checksums
     * @param entries  the binary entries by name, e.g. {@code adam-generator-m.bin}
     */
    public record Contents(Path file, Properties manifest, Map<String, byte[]> entries) {

        /**
         * A manifest field.
         *
         * @param key the field's name
         * @return its value
         * @throws CheckpointException naming the file and the field, if the manifest has no such field
         */
        public String field(String key) throws CheckpointException {
            String v = manifest.getProperty(key);
            if (v == null) {
                throw new CheckpointException(file + ": " + MANIFEST + ": missing field " + key);
            }
            return v;
        }

        /**
         * A binary entry.
         *
         * @param name the entry's name in the zip
         * @return its bytes (not copied)
         * @throws CheckpointException naming the file and the entry, if there is no such entry
         */
        public byte[] entry(String name) throws CheckpointException {
            byte[] b = entries.get(name);
            if (b == null) {
                throw new CheckpointException(file + ": missing entry " + name);
            }
            return b;
        }
    }

    /**
     * The file name of a checkpoint.
     *
     * @param step the steps trained when it is written
     * @return {@link Checkpoints#fileName(long)}: {@code checkpoint-<step, 10 digits>.zip}
     */
    public static String fileName(long step) {
        return Checkpoints.fileName(step);
    }

    /**
     * Writes a checkpoint atomically; the manifest receives the entries' checksums.
     *
     * @param file     the checkpoint file to create or replace
     * @param manifest the run's counters and settings; copied, then the format, version and each entry's SHA-256
     *                 and length are added
     * @param entries  the binary entries by name, stored uncompressed in this order
     * @throws IOException if the file cannot be written; an existing file of that name is then unchanged
     */
    public static void write(Path file, Properties manifest, Map<String, byte[]> entries) throws IOException {
        Properties m = new Properties();
        m.putAll(manifest);
        m.setProperty("format", FORMAT);
        m.setProperty("version", Integer.toString(VERSION));
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            m.setProperty("entry." + e.getKey() + ".sha256", sha256(e.getValue()));
            m.setProperty("entry." + e.getKey() + ".bytes", Integer.toString(e.getValue().length));
        }
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            m.store(text, "gan4j checkpoint");
            zip.putNextEntry(stored(MANIFEST, text.toByteArray()));
            text.writeTo(zip);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(stored(e.getKey(), e.getValue()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * An entry written as is: float arrays hardly compress, and even "no compression" through the deflater costs
     * ~25 ms per checkpoint (512-byte chunks through zlib), against ~2 ms for the CRC-32 a stored entry needs.
     */
    private static ZipEntry stored(String name, byte[] content) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        return entry;
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @param file a checkpoint file
     * @return its manifest and entries, each entry read at the manifest's length (through {@link BoundedZip}) and
     *         checked against its SHA-256, and the run's counters, data order and arrays checked against the rules
     *         of a real run ({@link RunStateRules})
     * @throws NoSuchFileException if {@code file} is not a regular file
     * @throws IOException         if the file cannot be read
     * @throws CheckpointException naming the file, the entry or field that is wrong, and the other checkpoints
     *                             beside it
     */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such checkpoint");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Properties manifest = new Properties();
        try (BoundedZip zip = BoundedZip.open(file, "gan4j checkpoint", problem -> refused(file, problem))) {
            if (!zip.contains(MANIFEST)) {
                throw refused(file, "no " + MANIFEST + " entry; truncated, or not a gan4j checkpoint");
            }
            try {
                manifest.load(new StringReader(zip.text(MANIFEST)));
            } catch (IllegalArgumentException e) { // a malformed unicode escape
                throw refused(file, MANIFEST + ": " + e.getMessage());
            }
            if (!FORMAT.equals(manifest.getProperty("format"))) {
                throw refused(file, MANIFEST + ": format: expected " + FORMAT + ", found "
                        + manifest.getProperty("format"));
            }
            if (!Integer.toString(VERSION).equals(manifest.getProperty("version"))) {
                throw refused(file, MANIFEST + ": version: expected " + VERSION + ", found "
                        + manifest.getProperty("version") + " (written by another gan4j version)");
            }
            // the set of entries first (cheap), then each entry at the size the manifest declares for it
            for (String key : manifest.stringPropertyNames()) {
                if (key.startsWith("entry.") && key.endsWith(".sha256")) {
                    String name = key.substring("entry.".length(), key.length() - ".sha256".length());
                    if (!zip.contains(name)) {
                        throw refused(file, "entry " + name + " is missing (truncated?)");
                    }
                }
            }
            for (String name : zip.names()) {
                if (!name.equals(MANIFEST) && manifest.getProperty("entry." + name + ".sha256") == null) {
                    throw refused(file, "entry " + name + " is not listed in the manifest");
                }
            }
            for (String name : zip.names()) {
                if (name.equals(MANIFEST)) {
                    continue;
                }
                byte[] bytes = zip.bytes(name, declaredBytes(file, manifest, name));
                if (!sha256(bytes).equals(manifest.getProperty("entry." + name + ".sha256"))) {
                    throw refused(file, "entry " + name + " is damaged: its SHA-256 differs from the manifest's");
                }
                entries.put(name, bytes);
            }
        }
        Contents contents = new Contents(file, manifest, entries);
        RunStateRules.check(contents);
        return contents;
    }

    /** The length the manifest gives an entry ({@code entry.<name>.bytes}), range-checked. */
    private static long declaredBytes(Path file, Properties manifest, String name) throws CheckpointException {
        String key = "entry." + name + ".bytes";
        String text = manifest.getProperty(key);
        if (text == null) {
            throw refused(file, MANIFEST + ": missing field " + key);
        }
        long bytes;
        try {
            bytes = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw refused(file, MANIFEST + ": " + key + " must be a whole number, found " + text);
        }
        if (bytes < 0 || bytes > BoundedZip.MAX_ENTRY_BYTES) {
            throw refused(file, MANIFEST + ": " + key + " must be in 0.." + BoundedZip.MAX_ENTRY_BYTES + ", found "
                    + bytes);
        }
        return bytes;
    }

    static CheckpointException refused(Path file, String problem) {
        List<Path> others = new ArrayList<>(list(file.toAbsolutePath().getParent()));
        others.remove(file.toAbsolutePath());
        return new CheckpointException(file + ": " + problem
                + (others.isEmpty() ? "" : "; other checkpoints there: " + others.stream()
                .map(p -> p.getFileName().toString()).toList()));
    }

    /**
     * The checkpoints in a directory.
     *
     * @param dir a directory, or {@code null}
     * @return {@link Checkpoints#list(Path)}: absolute paths, oldest first, empty if there is none
     */
    public static List<Path> list(Path dir) {
        return Checkpoints.list(dir);
    }

    /**
     * The newest checkpoint in a directory.
     *
     * @param dir a run's checkpoint directory
     * @return the absolute path of the checkpoint with the highest step
     * @throws NoSuchFileException if {@code dir} holds no checkpoint
     */
    public static Path newest(Path dir) throws NoSuchFileException {
        return Checkpoints.newest(dir);
    }

    /**
     * Deletes all but the newest {@code keep} checkpoints, and stale temporary files of unfinished writes; call it
     * only after a new checkpoint is complete (one writer per directory).
     *
     * @param dir  the checkpoint directory
     * @param keep how many of the newest checkpoints to keep; 0 deletes every one
     * @throws IOException if the directory cannot be listed or a file not deleted
     */
    public static void prune(Path dir, int keep) throws IOException {
        List<Path> all = list(dir);
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
        // Temporary files of writes that a killed process never finished (one writer per directory, and ours
        // just completed, so every one left is stale).
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".checkpoint-") && n.endsWith(".tmp");
            }).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
