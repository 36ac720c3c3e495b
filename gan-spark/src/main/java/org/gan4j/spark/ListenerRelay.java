package org.gan4j.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;

/**
 * Rank 0's listener that hands every event of its replica to the driver's listeners ({@link DriverListeners}) over
 * one TCP connection. Steps are buffered and sent at least every {@value #FLUSH_MILLIS} ms; an epoch's end goes at
 * once; a checkpoint and the run's end wait for the driver's answer, so that the driver's listeners have seen
 * everything up to a checkpoint before it is written (a metrics log that a resumed run continues) and the result
 * before the job ends. A connection that fails fails the task (and, through Spark's retry, the attempt).
 */
final class ListenerRelay implements TrainingListener, AutoCloseable {

    static final long FLUSH_MILLIS = 200;

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final String driver;
    private long lastFlush = System.nanoTime();

    /**
     * Connects to the driver.
     *
     * @param address the driver's relay
     * @param token   the job's token, which the driver checks
     * @param timeout how long to wait for the connection and for each answer
     * @throws IOException if the driver cannot be reached
     */
    ListenerRelay(InetSocketAddress address, long token, Duration timeout) throws IOException {
        this.driver = address.toString();
        this.socket = new Socket();
        try {
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setTcpNoDelay(true);
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out.writeInt(RelayEvents.MAGIC);
            out.writeLong(token);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot reach the driver's listeners at " + driver + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onStart(TrainingPlan plan) {
        send(() -> {
            out.writeByte(RelayEvents.START);
            out.writeUTF(plan.backend());
            out.writeLong(plan.firstStep());
            out.writeLong(plan.lastStep());
            out.writeInt(plan.stepsPerEpoch());
            out.flush();
        });
    }

    @Override
    public void onStep(StepMetrics metrics) {
        send(() -> {
            out.writeByte(RelayEvents.STEP);
            RelayEvents.writeStep(out, metrics);
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_MILLIS * 1_000_000) {
                out.flush();
                lastFlush = now;
            }
        });
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        send(() -> {
            out.writeByte(RelayEvents.EPOCH);
            RelayEvents.writeEpoch(out, summary);
            out.writeLong(generator.noiseSeed());
            NetworkState.write(out, generator.network());
            out.flush();
        });
    }

    @Override
    public void beforeCheckpoint(long step) {
        send(() -> {
            out.writeByte(RelayEvents.CHECKPOINT);
            out.writeLong(step);
            out.flush();
            awaitAck();
        });
    }

    @Override
    public void onEnd(GanResult result) {
        send(() -> {
            out.writeByte(RelayEvents.END);
            out.writeLong(result.generator().noiseSeed());
            NetworkState.write(out, result.generator().network());
            NetworkState.write(out, result.discriminator());
            out.flush();
            awaitAck();
        });
    }

    private void awaitAck() throws IOException {
        int answer = in.read();
        if (answer != RelayEvents.ACK) {
            throw new IOException(answer < 0 ? "the driver closed the connection (did one of its listeners fail?)"
                    : "the driver answered " + answer + " instead of " + RelayEvents.ACK);
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private void send(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("relaying to the driver's listeners at " + driver + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
