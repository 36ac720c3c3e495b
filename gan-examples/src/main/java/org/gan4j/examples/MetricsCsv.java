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

/** Writes one CSV row per step: {@code step,epoch,batch,lossD,lossG,dReal,dFake}; flushed every epoch. */
final class MetricsCsv implements TrainingListener, AutoCloseable {

    static final String HEADER = "step,epoch,batch,lossD,lossG,dReal,dFake";

    private final BufferedWriter out;
    private final StringBuilder row = new StringBuilder(96);

    MetricsCsv(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file);
        out.write(HEADER);
        out.newLine();
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
