package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.Test;

/** The registry of a run's checkpointed state: what is saved, restored, refused, and in which order. */
class RunStateTest {

    /** A piece of state: a counter in a field, and its bytes in an entry. */
    private static final class Counter implements RunState.Piece {
        private final String name;
        long value;
        final List<String> log;

        Counter(String name, long value, List<String> log) {
            this.name = name;
            this.value = value;
            this.log = log;
        }

        @Override
        public void check(CheckpointFile.Contents c) throws IOException {
            log.add("check " + name);
            if (c.manifest().getProperty(name + ".refuse") != null) {
                throw new CheckpointException(c.file() + ": " + name + " refuses this checkpoint");
            }
        }

        @Override
        public void save(RunState.Snapshot to) {
            to.field(name, Long.toString(value));
            to.entry(name + ".bin", new byte[] {(byte) value});
        }

        @Override
        public void restore(CheckpointFile.Contents from) throws IOException {
            log.add("restore " + name);
            value = Long.parseLong(from.field(name));
            assertThat(from.entry(name + ".bin")).containsExactly((byte) value);
        }
    }

    private static CheckpointFile.Contents contents(RunState.Snapshot s) {
        return new CheckpointFile.Contents(Path.of("checkpoint-0000000007.zip"), s.manifest(),
                new LinkedHashMap<>(s.entries()));
    }

    @Test
    void aRegisteredPieceIsSavedAndRestored() throws IOException {
        List<String> log = new ArrayList<>();
        RunState state = new RunState();
        Counter steps = new Counter("steps", 41, log);
        state.register("steps", steps);
        RunState.Snapshot s = state.save();
        assertThat(s.manifest().getProperty("steps")).isEqualTo("41");
        assertThat(s.entries()).containsOnlyKeys("steps.bin");

        steps.value = 99; // the run moved on
        state.restore(contents(s));
        assertThat(steps.value).isEqualTo(41);
        assertThat(log).containsExactly("check steps", "restore steps");
    }

    @Test
    void twoPiecesOfOneNameAreRefusedNamingIt() {
        RunState state = new RunState();
        state.register("optimizer.generator", new Counter("a", 1, new ArrayList<>()));
        assertThatThrownBy(() -> state.register("optimizer.generator", new Counter("b", 2, new ArrayList<>())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a piece named optimizer.generator");
        assertThat(state.names()).containsExactly("optimizer.generator");
    }

    @Test
    void twoPiecesWritingOneFieldAreRefusedNamingBoth() {
        RunState state = new RunState();
        state.register("first", new Counter("steps", 1, new ArrayList<>()));
        state.register("second", s -> s.field("steps", "2"), c -> { });
        assertThatThrownBy(state::save).isInstanceOf(IllegalStateException.class)
                .hasMessage("the checkpoint's field steps is written by both first and second");
        RunState entries = new RunState();
        entries.register("first", new Counter("x", 1, new ArrayList<>()));
        entries.register("second", s -> s.entry("x.bin", new byte[0]), c -> { });
        assertThatThrownBy(entries::save).isInstanceOf(IllegalStateException.class)
                .hasMessage("the checkpoint's entry x.bin is written by both first and second");
    }

    @Test
    void piecesAreSavedAndRestoredInRegistrationOrderAndEveryOneChecksFirst() throws IOException {
        List<String> log = new ArrayList<>();
        RunState state = new RunState();
        Counter b = new Counter("b", 2, log);
        Counter a = new Counter("a", 1, log);
        Counter c = new Counter("c", 3, log);
        state.register("b", b);
        state.register("a", a);
        state.register("c", c);
        RunState.Snapshot s = state.save();
        assertThat(s.entries().keySet()).containsExactly("b.bin", "a.bin", "c.bin");
        state.restore(contents(s));
        assertThat(log).containsExactly("check b", "check a", "check c", "restore b", "restore a", "restore c");

        // a checkpoint the last piece refuses: nothing is restored
        log.clear();
        a.value = 10;
        b.value = 20;
        Properties refused = new Properties();
        refused.putAll(s.manifest());
        refused.setProperty("c.refuse", "yes");
        CheckpointFile.Contents bad = new CheckpointFile.Contents(Path.of("bad.zip"), refused, s.entries());
        assertThatThrownBy(() -> state.restore(bad)).isInstanceOf(CheckpointException.class)
                .hasMessage("bad.zip: c refuses this checkpoint");
        assertThat(log).containsExactly("check b", "check a", "check c");
        assertThat(a.value).isEqualTo(10);
        assertThat(b.value).isEqualTo(20);
    }

    @Test
    void aSnapshotOffersThePreviousSnapshotsArraysForReuse() throws IOException {
        RunState state = new RunState();
        List<byte[]> offered = new ArrayList<>();
        state.register("weights", s -> {
            offered.add(s.reusable("weights.bin"));
            byte[] reuse = s.reusable("weights.bin");
            s.entry("weights.bin", reuse != null ? reuse : new byte[4]);
        }, c -> { });
        byte[] first = state.save().entries().get("weights.bin");
        byte[] second = state.save().entries().get("weights.bin");
        assertThat(offered.get(0)).isNull();
        assertThat(offered.get(1)).isSameAs(first);
        assertThat(second).isSameAs(first);
    }

    @Test
    void aRandomStreamContinuesWhereTheCheckpointLeftIt() throws IOException {
        RunState state = new RunState();
        RandomStream noise = RandomStream.of(5, TrainingRun.STREAM_NOISE, "random.noise").registerIn(state);
        noise.get().nextGaussian(); // leaves a spare
        RunState.Snapshot s = state.save();
        double[] expected = {noise.get().nextGaussian(), noise.get().nextGaussian(), noise.get().nextLong()};

        state.restore(contents(s));
        double[] again = {noise.get().nextGaussian(), noise.get().nextGaussian(), noise.get().nextLong()};
        assertThat(again).containsExactly(expected);
        assertThat(state.names()).containsExactly("random.noise");
    }
}
