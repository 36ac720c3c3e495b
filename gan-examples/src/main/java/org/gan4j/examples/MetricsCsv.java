package org.gan4j.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;

/** Writes one CSV row per step: {@code step,epoch,batch,lossD,lossG,dReal,dFake}, flushed as it goes. */
final class MetricsCsv implements TrainingListener, AutoCloseable {

    static final String HEADER = "step,epoch,batch,lossD,lossG,dReal,dFake";

    private final BufferedWriter out;
    private final StringBuilder row = new StringBuilder(96);

    /** Starts the file, or appends to it when it exists (a resumed run). */
    MetricsCsv(Path file) throws IOException {
        boolean exists = Files.isRegularFile(file) && Files.size(file) > 0;
        this.out = Files.newBufferedWriter(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        if (!exists) {
            out.write(HEADER);
            out.newLine();
        }
    }

    /**
     * Drops the rows after {@code step}: a run killed after its last checkpoint wrote rows that the resumed run will
     * write again.
     */
    static void truncateAfter(Path file, long step) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int comma = line.indexOf(',');
            if (line.startsWith("step,") || (comma > 0 && isStepAtMost(line.substring(0, comma), step))) {
                kept.add(line);
            }
        }
        org.gan4j.io.AtomicFiles.write(file, o -> o.write((String.join("\n", kept) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static boolean isStepAtMost(String field, long step) {
        try {
            return Long.parseLong(field) <= step;
        } catch (NumberFormatException e) {
            return false; // a torn last line
        }
    }

    @Override
    public void onStep(StepMetrics m) {
        try {
            // Plain appends, not String.format: this runs every step and format's garbage shows in memory use.
            row.setLength(0);
            row.append(m.step()).append(',').append(m.epoch()).append(',').append(m.batchInEpoch()).append(',')
                    .append((float) m.lossD()).append(',').append((float) m.lossG()).append(',')
                    .append((float) m.meanDReal()).append(',').append((float) m.meanDFake());
            out.append(row);
            out.newLine();
            // Every step: a checkpoint written after this step must never be ahead of the rows on disk, or a
            // process killed between them would lose rows that a resumed run does not write again.
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    @Override
    public void onEnd(GanResult result) {
        close();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }
}
