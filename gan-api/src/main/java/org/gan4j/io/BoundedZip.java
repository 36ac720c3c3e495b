package org.gan4j.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip archive of gan4j's (generator files, checkpoints) read with bounds, so that a small hostile file cannot make
 * the reader allocate or inflate without limit.
 *
 * <ul>
 *   <li>The archive is opened through its central directory ({@link ZipFile}): a file that lost its end (a truncated
 *       copy, a cut download) has no end-of-central-directory record and is refused, where a streaming reader would
 *       accept the entries it got to.</li>
 *   <li>Two entries of one name are refused (a streaming reader keeps the last, so a file could carry a decoy), as
 *       is an archive of more than {@value #MAX_ENTRIES} entries.</li>
 *   <li>A text entry (a manifest) holds at most {@value #MAX_TEXT_BYTES} bytes.</li>
 *   <li>A binary entry is read only with the size the caller expects (from the manifest: element count times element
 *       size). The size the archive declares must be that size, and must fit in what the entry's compressed bytes can
 *       hold (beyond {@value #SMALL_ENTRY_BYTES} bytes at most {@value #MAX_RATIO} times, a stored entry not at
 *       all); all entries together hold at most {@value #MAX_RATIO} times the file's size plus
 *       {@value #SMALL_ENTRY_BYTES} bytes. Both are checked before anything is allocated for the entry, and
 *       inflating stops at the first byte over, so a zip bomb costs at most the expected size, whatever it declares
 *       or inflates to.</li>
 *   <li>Every entry's CRC-32 is checked ({@link ZipFile} itself does not).</li>
 * </ul>
 *
 * <p>Every refusal goes through the caller's {@code refusal} function, which receives the problem (naming the entry)
 * and returns the exception to throw: the caller adds the file's name and its own exception type.
 */
public final class BoundedZip implements Closeable {

    /** The largest text entry (manifest) read: 1 MiB; gan4j's manifests are a few kilobytes. */
    public static final int MAX_TEXT_BYTES = 1 << 20;
    /**
     * The largest expansion of a compressed entry beyond its first {@value #SMALL_ENTRY_BYTES} bytes: 100 times its
     * compressed size. Arrays of floats barely compress (about 1.1:1); only forged data (zeros) comes near deflate's
     * own limit of 1032:1, so a 3 MB file cannot claim 3 GB.
     */
    public static final int MAX_RATIO = 100;
    /** The size up to which an entry may compress any amount (a fresh network's BatchNorm variances are all ones). */
    public static final int SMALL_ENTRY_BYTES = 1 << 20;
    /** The most entries an archive may hold; gan4j's hold a few dozen. */
    public static final int MAX_ENTRIES = 100_000;
    /** The largest binary entry: the largest Java array. */
    public static final int MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

    private final ZipFile zip;
    private final Map<String, ZipEntry> entries;
    private final long fileSize;
    private final Function<String, ? extends IOException> refusal;
    /** What all entries together may still inflate to: many small entries cannot add up to a bomb either. */
    private long budget;

    private BoundedZip(ZipFile zip, Map<String, ZipEntry> entries, long fileSize,
                       Function<String, ? extends IOException> refusal) {
        this.zip = zip;
        this.entries = entries;
        this.fileSize = fileSize;
        this.refusal = refusal;
        this.budget = fileSize > (Long.MAX_VALUE - SMALL_ENTRY_BYTES) / MAX_RATIO ? Long.MAX_VALUE
                : fileSize * MAX_RATIO + SMALL_ENTRY_BYTES;
    }

    /**
     * Opens an archive and reads its central directory.
     *
     * @param file    the zip file
     * @param kind    what the file should be, for the message when it is not a zip, e.g. {@code "gan4j checkpoint"}
     * @param refusal turns a problem (e.g. {@code "entry parameters.bin appears twice"}) into the exception to throw;
     *                it should name the file
     * @return the open archive; close it
     * @throws NoSuchFileException if {@code file} is not a regular file
     * @throws IOException         from {@code refusal} if the file is not a complete zip or holds a name twice
     */
    public static BoundedZip open(Path file, String kind, Function<String, ? extends IOException> refusal)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        long size = Files.size(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException | IllegalArgumentException e) {
            // ZipException "zip END header not found" for a truncated file; IllegalArgumentException for a name
            // that is not valid UTF-8
            throw refusal.apply("not a " + kind + ": not a complete zip (" + e.getMessage() + "); truncated or "
                    + "damaged");
        }
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        String duplicate = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements() && duplicate == null; ) {
            ZipEntry e = en.nextElement();
            if (entries.put(e.getName(), e) != null) {
                duplicate = e.getName();
            }
            if (entries.size() > MAX_ENTRIES) {
                zip.close();
                throw refusal.apply("more than " + MAX_ENTRIES + " entries; not a " + kind);
            }
        }
        if (duplicate != null) {
            zip.close();
            throw refusal.apply("entry " + duplicate + " appears twice; the file is damaged or forged");
        }
        return new BoundedZip(zip, entries, size, refusal);
    }

    /** {@return the entries' names, in the archive's order} */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /**
     * Whether the archive holds an entry.
     *
     * @param name the entry's name
     * @return true if there is one of that name
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * A text entry, at most {@value #MAX_TEXT_BYTES} bytes.
     *
     * @param name the entry's name
     * @return its content as ISO-8859-1 (what {@link java.util.Properties#store(java.io.OutputStream, String)} writes)
     * @throws IOException from {@code refusal} if it is missing, larger than the cap or damaged
     */
    public String text(String name) throws IOException {
        ZipEntry e = entry(name);
        if (e.getSize() > MAX_TEXT_BYTES) {
            throw refusal.apply("entry " + name + " declares " + e.getSize() + " bytes; a manifest holds at most "
                    + MAX_TEXT_BYTES);
        }
        checkCanHold(name, Math.max(0, e.getSize()));
        return new String(read(e, MAX_TEXT_BYTES, false), StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether an entry's compressed bytes can hold {@code bytes} bytes: refuses before anything of that size is
     * allocated (say, a network built from the manifest) when a small file declares a large array.
     *
     * @param name  the entry's name
     * @param bytes the size a manifest gives it
     * @throws IOException from {@code refusal} if the entry is missing or cannot hold that many bytes
     */
    public void checkCanHold(String name, long bytes) throws IOException {
        ZipEntry e = entry(name);
        long compressed = e.getCompressedSize();
        if (compressed < 0 || compressed > fileSize) {
            throw refusal.apply("entry " + name + " declares " + compressed + " compressed bytes in a file of "
                    + fileSize);
        }
        long most = e.getMethod() == ZipEntry.STORED ? compressed
                : Math.min(MAX_ENTRY_BYTES, compressed * MAX_RATIO + SMALL_ENTRY_BYTES);
        if (bytes < 0 || bytes > MAX_ENTRY_BYTES || bytes > most) {
            throw refusal.apply("entry " + name + " should hold " + bytes + " bytes, but its " + compressed
                    + " compressed bytes can hold at most " + most);
        }
        if (bytes > budget) {
            throw refusal.apply("entry " + name + " should hold " + bytes + " bytes, but the entries of a file of "
                    + fileSize + " bytes hold at most " + (fileSize * MAX_RATIO + SMALL_ENTRY_BYTES) + " in all");
        }
    }

    /**
     * A binary entry of exactly the expected size.
     *
     * @param name     the entry's name
     * @param expected its size as the manifest gives it, e.g. element count times element size
     * @return its bytes
     * @throws IOException from {@code refusal} if it is missing, declares or holds another size, or is damaged
     */
    public byte[] bytes(String name, long expected) throws IOException {
        ZipEntry e = entry(name);
        checkCanHold(name, expected);
        if (e.getSize() != -1 && e.getSize() != expected) {
            throw refusal.apply("entry " + name + " declares " + e.getSize() + " bytes, expected " + expected);
        }
        byte[] b = read(e, (int) expected, true);
        if (b.length != expected) {
            throw refusal.apply("entry " + name + " holds " + b.length + " bytes, expected " + expected
                    + " (truncated)");
        }
        return b;
    }

    private ZipEntry entry(String name) throws IOException {
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw refusal.apply("missing entry " + name);
        }
        return e;
    }

    /**
     * Reads an entry, refusing it at the first byte past {@code limit}. A stored entry's bytes are in the file
     * ({@link #checkCanHold} saw to it), so its buffer is allocated at once; a deflated entry's grows with what
     * actually arrives (up to {@code limit}), so a declared size alone allocates nothing.
     */
    private byte[] read(ZipEntry e, int limit, boolean binary) throws IOException {
        byte[] buffer = new byte[(int) Math.min(limit, e.getMethod() == ZipEntry.STORED
                ? Math.max(0, e.getCompressedSize()) : 64 * 1024)];
        int n = 0;
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            while (true) {
                if (n == buffer.length) {
                    if (n == limit) {
                        if (in.read() >= 0) {
                            throw refusal.apply("entry " + e.getName() + " holds more than "
                                    + (binary ? "the expected " + limit + " bytes" : "the " + limit
                                    + " bytes a manifest may hold") + " (a zip bomb, or a damaged file)");
                        }
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(64 * 1024, 2L * n)));
                }
                int r = in.read(buffer, n, buffer.length - n);
                if (r < 0) {
                    break;
                }
                crc.update(buffer, n, r);
                n += r;
            }
        } catch (java.util.zip.ZipException | java.io.EOFException ex) {
            throw refusal.apply("entry " + e.getName() + " cannot be read (" + ex.getMessage()
                    + "); truncated or damaged");
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw refusal.apply("entry " + e.getName() + " is damaged: its CRC-32 differs from the archive's");
        }
        budget -= n;
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
