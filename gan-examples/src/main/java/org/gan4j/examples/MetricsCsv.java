package org.gan4j.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;

/** Writes one CSV row per step: {@code step,epoch,batch,lossD,lossG,dReal,dFake}; flushed every epoch. */
final class MetricsCsv implements TrainingListener, AutoCloseable {

    static final String HEADER = "step,epoch,batch,lossD,lossG,dReal,dFake";

    private final BufferedWriter out;

    MetricsCsv(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file);
        out.write(HEADER);
        out.newLine();
    }

    @Override
    public void onStep(StepMetrics m) {
        try {
            out.write(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.6f", m.step(), m.epoch(),
                    m.batchInEpoch(), m.lossD(), m.lossG(), m.meanDReal(), m.meanDFake()));
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
