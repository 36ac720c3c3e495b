package org.gan4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.RunSpec;
import org.gan4j.data.Dataset;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.Nd4jEngine;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of a Spark run's barrier stage: its ring address to the others (and, from rank 0, where a retried
 * attempt resumes), the ring, the replica's training; every task returns its timing, rank 0 also the generator's
 * bytes.
 */
final class BarrierWorker extends AbstractFunction1<Iterator<Integer>, Iterator<SparkGan.WorkerOutput>>
        implements Serializable {
    private static final long serialVersionUID = 2L;
    private final TrainingJob job;

    BarrierWorker(TrainingJob job) {
        this.job = job;
    }

    @Override
    public Iterator<SparkGan.WorkerOutput> apply(Iterator<Integer> partition) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int rank = context.partitionId();
        int attempt = context.stageAttemptNumber();
        Duration timeout = Duration.ofMillis(job.timeoutMillis());
        Path scratch = null;
        try {
            // local copies of what lives on a Hadoop file system: the dataset, the checkpoint resumed from,
            // rank 0's checkpoints before they are copied out
            scratch = Files.createTempDirectory("gan4j-task-" + rank + "-");
            // the executor's host as Spark knows it (its task info says "host:port"); the OS chooses our port
            InetAddress host = InetAddress.getByName(SparkGan.hostOf(context.getTaskInfos()[rank].address()));
            ServerSocket server = RingAllReduce.listen(host);
            // rank 0 alone decides where a retried attempt resumes (a checkpoint could appear while the others
            // look) and tells them with its address
            String resumePoint = rank == 0 ? resumePoint(attempt) : "";
            String[] published = context.allGather(host.getHostAddress() + ":" + server.getLocalPort()
                    + "\n" + resumePoint);
            String resumeFrom = published[0].substring(published[0].indexOf('\n') + 1);
            Path resume = resumeFrom.isEmpty() ? null : HadoopPaths.localFile(resumeFrom, scratch);
            List<InetSocketAddress> peers = new ArrayList<>();
            for (String message : published) {
                peers.add(socketAddress(message.substring(0, message.indexOf('\n'))));
            }
            Dataset dataset = HadoopPaths.loadMnist(job.mnistDir(), scratch);
            GanConfig.Builder builder = GanConfig.Builder.from(RunSpec.fromJson(job.specJson()));
            if (rank == 0 && job.checkpointDir() != null) {
                boolean remote = HadoopPaths.isUri(job.checkpointDir());
                Path dir = remote ? scratch.resolve("checkpoints") : Path.of(job.checkpointDir());
                builder.checkpointDir(dir).checkpointEvery(job.checkpointEvery());
                if (remote) {
                    builder.listener(new CheckpointUpload(dir, job.checkpointDir()));
                }
            }
            try (ListenerRelay relay = rank == 0 && job.relay() != null
                    ? new ListenerRelay(socketAddress(job.relay()), job.relayToken(), timeout) : null) {
                if (relay != null) {
                    builder.listener(relay);
                }
                SparkGan.SimulatedFailure failure = job.failure();
                if (failure != null && failure.rank() == rank && attempt == 0) {
                    builder.listener(failure.listener());
                }
                GanConfig config = builder.build();
                GanResult result;
                WorkerTiming timing;
                try (RingAllReduce ring = RingAllReduce.connect(rank, peers, server, timeout)) {
                    Nd4jEngine engine = (Nd4jEngine) Gan.engine();
                    TimedExchange exchange = new TimedExchange(new RingExchange(ring));
                    long start = System.nanoTime();
                    result = resume == null
                            ? DataParallelTraining.train(engine, config, dataset, exchange)
                            : DataParallelTraining.resume(engine, config, dataset, exchange, resume);
                    timing = exchange.timing(result.provenance().steps(), System.nanoTime() - start);
                }
                byte[] generator = rank == 0 ? generatorFile(result) : null;
                return CollectionConverters.asScala(
                        List.of(new SparkGan.WorkerOutput(rank, timing.toArray(), generator)).iterator());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gan4j worker " + rank + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(scratch);
        }
    }

    /**
     * Where this attempt of the stage starts: a retry (attempt > 0) from the newest checkpoint rank 0 wrote, if
     * any; otherwise from the checkpoint the caller gave, or afresh (the empty string).
     */
    private String resumePoint(int attempt) throws IOException {
        if (attempt > 0 && job.checkpointDir() != null) {
            List<String> written = HadoopPaths.checkpoints(job.checkpointDir());
            if (!written.isEmpty()) {
                return written.get(written.size() - 1);
            }
        }
        return job.resumeFrom() == null ? "" : job.resumeFrom();
    }

    static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the task for
        }
    }

    private static byte[] generatorFile(GanResult result) throws IOException {
        Path file = Files.createTempFile("gan4j-spark-generator", ".zip");
        try {
            GeneratorFile.save(file, result.generator(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static InetSocketAddress socketAddress(String hostAndPort) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(hostAndPort.substring(0, colon)),
                Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
