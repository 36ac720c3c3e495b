package org.gan4j.spark;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import org.gan4j.EpochSummary;
import org.gan4j.StepMetrics;

/**
 * The wire format of the events rank 0 relays to the driver's listeners ({@link ListenerRelay} writes,
 * {@link DriverListeners} reads): a connection opens with {@link #MAGIC} and the job's token, then each event is its
 * kind's byte and its fields, in the order below.
 */
final class RelayEvents {

    /** Opens every connection, before the token. */
    static final int MAGIC = 0x67346a52; // "g4jR"

    /** {@code onStart}: backend (UTF), first step, last step (longs), steps per epoch (int). */
    static final byte START = 1;
    /** {@code onStep}: a {@link StepMetrics} ({@link #writeStep}). */
    static final byte STEP = 2;
    /** {@code onEpochEnd}: an {@link EpochSummary} ({@link #writeEpoch}), the noise seed, the generator's state. */
    static final byte EPOCH = 3;
    /** {@code beforeCheckpoint}: the step (long); the driver answers {@link #ACK} once its listeners ran. */
    static final byte CHECKPOINT = 4;
    /** The run's end: the final generator's noise seed and state, then the discriminator's state. */
    static final byte END = 5;
    /** The driver's answer to {@link #CHECKPOINT}. */
    static final byte ACK = 6;

    private RelayEvents() {
    }

    static void writeStep(DataOutput out, StepMetrics m) throws IOException {
        out.writeLong(m.step());
        out.writeInt(m.epoch());
        out.writeInt(m.batchInEpoch());
        out.writeInt(m.batchSize());
        out.writeDouble(m.lossD());
        out.writeDouble(m.lossG());
        out.writeDouble(m.meanDReal());
        out.writeDouble(m.meanDFake());
        writeDoubles(out, m.extras());
    }

    static StepMetrics readStep(DataInput in) throws IOException {
        return new StepMetrics(in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), readDoubles(in));
    }

    static void writeEpoch(DataOutput out, EpochSummary s) throws IOException {
        out.writeInt(s.epoch());
        out.writeLong(s.lastStep());
        out.writeInt(s.steps());
        out.writeDouble(s.lossD());
        out.writeDouble(s.lossG());
        out.writeDouble(s.meanDReal());
        out.writeDouble(s.meanDFake());
        out.writeLong(s.elapsed().toNanos());
        writeDoubles(out, s.extras());
    }

    static EpochSummary readEpoch(DataInput in) throws IOException {
        return new EpochSummary(in.readInt(), in.readLong(), in.readInt(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), Duration.ofNanos(in.readLong()), readDoubles(in));
    }

    private static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1024) {
            throw new IOException("a relayed event claims " + n + " extra metrics");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
