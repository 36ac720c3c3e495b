package org.gan4j.nd4j;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/**
 * Every piece of a run's state that a checkpoint holds, each registered once under a name of its own: the networks'
 * parameters and buffers, the optimizers, the generator's average, the random streams, the data order, the counters
 * and the epoch's sums. A new piece (an optimizer, a spectral norm, an EMA) registers itself where it is made, and
 * the checkpoint code saves and restores it without knowing it (DJL's {@code Block}/{@code Parameter} registry,
 * PyTorch's {@code state_dict}).
 *
 * <p>Pieces are saved and restored in the order they were registered, so that the order of a checkpoint's entries
 * is the order of registration. A restore first lets every piece {@linkplain Piece#check check} the checkpoint, then
 * restores each: a checkpoint refused by one piece changes nothing.
 */
final class RunState {

    /** One piece of the state: what it writes into a checkpoint and how it reads it back. */
    interface Piece {

        /**
         * Refuses a checkpoint this piece cannot be restored from (another optimizer, say), before anything is
         * restored. The default accepts every checkpoint that {@link CheckpointFile#read} accepted.
         *
         * @param c the checkpoint
         * @throws IOException naming the file and what differs
         */
        default void check(CheckpointFile.Contents c) throws IOException {
        }

        /**
         * Writes this piece's manifest fields and entries.
         *
         * @param to the checkpoint being taken
         * @throws IOException if a value cannot be encoded
         */
        void save(Snapshot to) throws IOException;

        /**
         * Replaces this piece's state with the checkpoint's.
         *
         * @param from a checkpoint every piece has {@linkplain #check checked}
         * @throws IOException naming the file and the field or entry that does not fit
         */
        void restore(CheckpointFile.Contents from) throws IOException;
    }

    /** A piece that checks nothing: a save and a restore, each a lambda. */
    interface Saver {
        /**
         * Writes the piece.
         *
         * @param to the checkpoint being taken
         * @throws IOException if a value cannot be encoded
         */
        void save(Snapshot to) throws IOException;
    }

    /** The restoring half of a piece given as two lambdas. */
    interface Restorer {
        /**
         * Reads the piece back.
         *
         * @param from the checkpoint
         * @throws IOException naming the file and the field or entry that does not fit
         */
        void restore(CheckpointFile.Contents from) throws IOException;
    }

    private final Map<String, Piece> pieces = new LinkedHashMap<>();
    /** The entries of the last snapshot, whose arrays the next one writes into (once that write has finished). */
    private Map<String, byte[]> previous = Map.of();

    /**
     * Registers a piece.
     *
     * @param name  its name, unique in the run (e.g. {@code optimizer.generator}); messages use it
     * @param piece what it saves and restores
     * @throws IllegalStateException naming it, if a piece of that name is registered already
     */
    void register(String name, Piece piece) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(piece, "piece");
        if (pieces.putIfAbsent(name, piece) != null) {
            throw new IllegalStateException("the run's state already has a piece named " + name
                    + "; every piece a checkpoint holds needs a name of its own");
        }
    }

    /**
     * Registers a piece that checks nothing before it is restored.
     *
     * @param name    its name, unique in the run
     * @param save    writes it
     * @param restore reads it back
     * @throws IllegalStateException naming it, if a piece of that name is registered already
     */
    void register(String name, Saver save, Restorer restore) {
        Objects.requireNonNull(save, "save");
        Objects.requireNonNull(restore, "restore");
        register(name, new Piece() {
            @Override
            public void save(Snapshot to) throws IOException {
                save.save(to);
            }

            @Override
            public void restore(CheckpointFile.Contents from) throws IOException {
                restore.restore(from);
            }
        });
    }

    /** {@return the registered names, in registration order} */
    List<String> names() {
        return List.copyOf(pieces.keySet());
    }

    /**
     * Takes a snapshot of every piece, in registration order. Its arrays are written into those of the previous
     * snapshot where the sizes fit, so call it only once the previous snapshot has been written.
     *
     * @return the manifest fields and entries, to which more can be added
     * @throws IOException if a piece cannot be encoded
     * @throws IllegalStateException naming both pieces, if two write the same field or entry
     */
    Snapshot save() throws IOException {
        return save(null, null);
    }

    /**
     * Takes a snapshot as {@link #save()} does, with fields of the caller's written before the pieces' (a
     * checkpoint's identity: the manifest then lists them as it always did, whose line order follows the order the
     * fields were put).
     *
     * @param name   who writes the first fields, for messages
     * @param before writes them; null for none
     * @return the manifest fields and entries, to which more can be added
     * @throws IOException if a piece cannot be encoded
     * @throws IllegalStateException naming both writers, if two write the same field or entry
     */
    Snapshot save(String name, Saver before) throws IOException {
        Snapshot s = new Snapshot(previous);
        if (before != null) {
            s.writer = name;
            before.save(s);
        }
        for (Map.Entry<String, Piece> p : pieces.entrySet()) {
            s.writer = p.getKey();
            p.getValue().save(s);
        }
        s.writer = null;
        previous = s.entries;
        return s;
    }

    /**
     * Restores every piece from a checkpoint: first each piece checks it, then each restores itself, in registration
     * order.
     *
     * @param c a checkpoint {@link CheckpointFile#read} verified
     * @throws IOException naming the file and what does not fit, from the first piece that refuses it
     */
    void restore(CheckpointFile.Contents c) throws IOException {
        for (Piece p : pieces.values()) {
            p.check(c);
        }
        for (Piece p : pieces.values()) {
            p.restore(c);
        }
    }

    /**
     * A checkpoint being taken: the manifest's fields and the binary entries, in the order written. Each field and
     * entry has one writer; a second is refused, naming both.
     */
    static final class Snapshot {

        private final Properties manifest = new Properties();
        private final Map<String, byte[]> entries = new LinkedHashMap<>();
        private final Map<String, String> writers = new HashMap<>();
        private final Map<String, byte[]> previous;
        /** The piece whose fields and entries are being written; null outside {@link RunState#save()}. */
        private String writer;

        private Snapshot(Map<String, byte[]> previous) {
            this.previous = previous;
        }

        /**
         * Writes a manifest field.
         *
         * @param key   its name
         * @param value its text
         * @throws IllegalStateException if another piece wrote it
         */
        void field(String key, String value) {
            claim("field " + key);
            manifest.setProperty(key, value);
        }

        /**
         * Writes a binary entry.
         *
         * @param name  its name in the zip
         * @param bytes its content
         * @throws IllegalStateException if another piece wrote it
         */
        void entry(String name, byte[] bytes) {
            claim("entry " + name);
            entries.put(name, bytes);
        }

        /**
         * The array the previous snapshot's entry of that name had, for an entry written into it.
         *
         * @param name an entry's name
         * @return its bytes in the previous snapshot, or null if there was none
         */
        byte[] reusable(String name) {
            return previous.get(name);
        }

        /**
         * Writes what follows as {@code writer}'s (for fields and entries added after {@link RunState#save()}).
         *
         * @param writer a name for messages
         * @return this snapshot
         */
        Snapshot writtenBy(String writer) {
            this.writer = writer;
            return this;
        }

        /** {@return the manifest fields written so far (live)} */
        Properties manifest() {
            return manifest;
        }

        /** {@return the entries written so far, in order (live)} */
        Map<String, byte[]> entries() {
            return entries;
        }

        private void claim(String what) {
            String by = writer == null ? "an unnamed writer" : writer;
            String earlier = writers.putIfAbsent(what, by);
            if (earlier != null) {
                throw new IllegalStateException("the checkpoint's " + what + " is written by both " + earlier
                        + " and " + by);
            }
        }
    }
}
