package org.gan4j.nd4j;

import java.util.function.Supplier;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/**
 * One of a run's random streams ({@link SeededRandom#forStream}), kept in one manifest field of its checkpoint
 * ({@code random.noise}, {@code random.shuffle}, ...). Whoever draws from it reads it through {@link #get()} at each
 * use, because a restore replaces the stream.
 */
final class RandomStream implements Supplier<SeededRandom>, RunState.Piece {

    private final String field;
    private SeededRandom random;

    private RandomStream(String field, SeededRandom random) {
        this.field = field;
        this.random = random;
    }

    /**
     * A stream of the run.
     *
     * @param seed   the run's seed
     * @param stream which stream ({@code TrainingRun.STREAM_*})
     * @param field  its manifest field, which is also its name in the {@link RunState}
     */
    static RandomStream of(long seed, long stream, String field) {
        return new RandomStream(field, SeededRandom.forStream(seed, stream));
    }

    /** Registers the stream under its field's name. */
    RandomStream registerIn(RunState state) {
        state.register(field, this);
        return this;
    }

    /** {@return the stream's current state, to draw from} */
    @Override
    public SeededRandom get() {
        return random;
    }

    @Override
    public void save(RunState.Snapshot to) {
        to.field(field, StateCodec.random(random));
    }

    @Override
    public void restore(CheckpointFile.Contents from) throws java.io.IOException {
        random = StateCodec.random(from, field);
    }
}
