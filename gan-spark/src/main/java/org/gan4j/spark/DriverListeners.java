package org.gan4j.spark;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gan4j.Discriminator;
import org.gan4j.EpochSummary;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.Provenance;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.Version;
import org.gan4j.data.Dataset;
import org.gan4j.spi.GanEngine;

/**
 * The driver's end of the listener relay: it accepts rank 0's connection ({@link ListenerRelay}) and calls the run's
 * listeners with what it receives, on its own thread, as a local run calls them on the training thread.
 *
 * <p>A retried attempt of the stage connects again and replays the steps between the checkpoint it resumed from and
 * the failure; they are the same bits (resume is exact), so each step, epoch and checkpoint reaches the listeners
 * once, and {@code onStart} only for the first attempt. A listener that throws ends the job ({@code onFailure}
 * cancels it); {@link #failure()} then holds the exception for the caller.
 */
final class DriverListeners implements AutoCloseable {

    private final GanConfig config;
    private final Dataset dataset;
    private final GanEngine engine;
    private final Runnable onFailure;
    private final ServerSocket server;
    private final long token = new SecureRandom().nextLong();
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<EpochSummary> history = new ArrayList<>();
    private Generator epochGenerator;
    private String backend;
    private boolean startDelivered;
    private long lastStep;
    private int lastEpoch;
    private long lastCheckpoint = -1;
    private TrainedGenerator finalGenerator;
    private Discriminator finalDiscriminator;
    private volatile RuntimeException failure;

    /**
     * Opens the relay on the driver's host.
     *
     * @param config    the run, with the listeners to call and the dataset's class names
     * @param dataset   the run's dataset, as the listeners' plan names it
     * @param engine    builds the driver's copies of the networks
     * @param host      the address the executors reach the driver at
     * @param onFailure called once when a listener has thrown (cancels the job)
     * @throws IOException if no port can be opened
     */
    DriverListeners(GanConfig config, Dataset dataset, GanEngine engine, InetAddress host, Runnable onFailure)
            throws IOException {
        this.config = config;
        this.dataset = dataset;
        this.engine = engine;
        this.onFailure = onFailure;
        this.server = new ServerSocket(0, 8, host);
        Thread acceptor = new Thread(this::accept, "gan4j-driver-listeners");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@return where rank 0 connects} */
    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** {@return the job's token, which a connection must present} */
    long token() {
        return token;
    }

    /** {@return the exception a listener threw, or null} */
    RuntimeException failure() {
        return failure;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread reader = new Thread(() -> read(socket), "gan4j-driver-listeners-" + socket.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            if (in.readInt() != RelayEvents.MAGIC || in.readLong() != token) {
                return; // not our rank 0
            }
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    return;
                }
                if (!dispatch((byte) kind, in)) {
                    return;
                }
                if (kind == RelayEvents.CHECKPOINT || kind == RelayEvents.END) {
                    out.writeByte(RelayEvents.ACK);
                    out.flush();
                }
            }
        } catch (EOFException | SocketException e) {
            // the task ended or failed; its failure reaches the caller through Spark
        } catch (IOException e) {
            fail(new java.io.UncheckedIOException("the listener relay from rank 0 broke: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            connections.remove(socket);
        }
    }

    /** Calls the listeners for one event (each once over the attempts); false once a listener has failed. */
    private synchronized boolean dispatch(byte kind, DataInputStream in) throws IOException {
        if (failure != null) {
            return false;
        }
        switch (kind) {
            case RelayEvents.START -> {
                backend = in.readUTF();
                long first = in.readLong();
                long last = in.readLong();
                int perEpoch = in.readInt();
                if (!startDelivered) {
                    startDelivered = true;
                    lastStep = first;
                    TrainingPlan plan = new TrainingPlan(config, backend, dataset, first, last, perEpoch);
                    config.listeners().forEach(l -> l.onStart(plan));
                }
            }
            case RelayEvents.STEP -> {
                StepMetrics m = RelayEvents.readStep(in);
                if (m.step() > lastStep) {
                    lastStep = m.step();
                    config.listeners().forEach(l -> l.onStep(m));
                }
            }
            case RelayEvents.EPOCH -> {
                EpochSummary summary = RelayEvents.readEpoch(in);
                long noiseSeed = in.readLong();
                if (epochGenerator == null) {
                    epochGenerator = newGenerator();
                }
                NetworkState.read(in, epochGenerator);
                if (summary.epoch() > lastEpoch) {
                    lastEpoch = summary.epoch();
                    history.add(summary);
                    TrainedGenerator g = trained(epochGenerator, noiseSeed);
                    config.listeners().forEach(l -> l.onEpochEnd(summary, g));
                }
            }
            case RelayEvents.CHECKPOINT -> {
                long step = in.readLong();
                if (step > lastCheckpoint) {
                    lastCheckpoint = step;
                    config.listeners().forEach(l -> l.beforeCheckpoint(step));
                }
            }
            case RelayEvents.END -> {
                long noiseSeed = in.readLong();
                Generator g = newGenerator();
                NetworkState.read(in, g);
                Discriminator d = engine.discriminator(config.discriminatorSpec(dataset.imageShape()),
                        config.dataType(), 0);
                NetworkState.read(in, d);
                finalGenerator = trained(g, noiseSeed);
                finalDiscriminator = d;
            }
            default -> throw new IOException("rank 0 relayed an event of unknown kind " + kind);
        }
        return true;
    }

    private Generator newGenerator() {
        return engine.generator(config.generatorSpec(dataset.imageShape()), config.dataType(), 0);
    }

    private TrainedGenerator trained(Generator g, long noiseSeed) {
        return new TrainedGenerator(g, dataset.height(), dataset.width(), dataset.channels(), noiseSeed,
                config.classNames());
    }

    private void fail(RuntimeException e) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
        }
        onFailure.run();
        close();
    }

    /**
     * The run's result, once the job has ended, handed to the listeners' {@code onEnd} as a local run does.
     *
     * @return rank 0's networks (the driver's copies), the epochs' summaries and the provenance
     * @throws IllegalStateException if rank 0 never relayed its end
     */
    synchronized GanResult end() {
        if (finalGenerator == null) {
            throw new IllegalStateException("the job ended, but rank 0 never relayed the end of its run");
        }
        Provenance provenance = new Provenance(config, dataset.name(), dataset.size(), engine.providerName(),
                backend, Version.get(), lastStep, lastEpoch, started, Duration.ofNanos(System.nanoTime() - t0));
        GanResult result = new GanResult(finalGenerator, finalDiscriminator, history, provenance);
        config.listeners().forEach(l -> l.onEnd(result));
        return result;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to release beyond the port
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
