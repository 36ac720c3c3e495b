package org.gan4j.listeners;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.io.AtomicFiles;
import org.gan4j.io.WriteFailures;

/**
 * The metrics log: one CSV row per step, {@value #HEADER}, for tools (pandas, spreadsheets, the loss plot of a
 * resumed run). A critic's run names its means {@code scoreReal,scoreFake}, and an objective with its own scalars
 * ({@link org.gan4j.MetricNames#extras()}, e.g. WGAN-GP's {@code wasserstein,gradientPenalty}) adds a column for
 * each after these; a run without extras has exactly these seven columns. Rows reach the file at least every epoch and before every checkpoint, so a checkpoint is never ahead
 * of the log.
 *
 * <p>A fresh run refuses an existing non-empty file instead of overwriting it. A resumed run drops the rows after its
 * checkpoint's step (a run killed after its last checkpoint wrote rows that the resumed run writes again) and
 * appends, so the file of an interrupted and resumed run equals that of an uninterrupted one.
 */
public final class MetricsCsvListener implements TrainingListener, AutoCloseable {

    /** The first line of the file for objectives on logits; a critic's run names its columns by {@link #header}. */
    public static final String HEADER = "step,epoch,batch,lossD,lossG,dReal,dFake";

    /**
     * The first line of a run's file.
     *
     * @param names what the run's mean discriminator outputs are called
     * @return {@value #HEADER} for probabilities, {@code step,epoch,batch,lossD,lossG,scoreReal,scoreFake} for a
     *         critic's scores; then the extras' column names, if any
     */
    public static String header(org.gan4j.MetricNames names) {
        StringBuilder h = new StringBuilder("step,epoch,batch,lossD,lossG,").append(names.realColumn()).append(',')
                .append(names.fakeColumn());
        for (org.gan4j.MetricNames.Extra e : names.extras()) {
            h.append(',').append(e.column());
        }
        return h.toString();
    }

    /** The extra columns a header may end with: plain names ({@link org.gan4j.MetricNames.Extra#column()}). */
    private static final java.util.regex.Pattern EXTRA_COLUMNS =
            java.util.regex.Pattern.compile("(,[A-Za-z][A-Za-z0-9]*)*");

    /** {@return whether {@code line} is the first line of a metrics log of either kind, with or without extras} */
    static boolean isHeader(String line) {
        for (org.gan4j.MetricNames base : new org.gan4j.MetricNames[] {org.gan4j.MetricNames.PROBABILITIES,
                org.gan4j.MetricNames.SCORES}) {
            String h = header(base);
            if (line.startsWith(h) && EXTRA_COLUMNS.matcher(line.substring(h.length())).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Decimals of the loss and probability columns. */
    public static final int DECIMALS = 6;
    private static final long SCALE = 1_000_000;
    private static final java.util.regex.Pattern FIELDS = java.util.regex.Pattern.compile(",");

    private final OneRun oneRun = new OneRun();
    private final Path file;
    private final StringBuilder row = new StringBuilder(96);
    private BufferedWriter out;

    /**
     * A log written to {@code file} (its directory is created when missing). Nothing is opened before training
     * starts.
     *
     * @param file the CSV file; a fresh run refuses it if it exists and is not empty, a resumed run continues it
     */
    public MetricsCsvListener(Path file) {
        this.file = file;
    }

    /** {@return the file written, as given to the constructor} */
    public Path file() {
        return file;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        oneRun.start(this);
        try {
            boolean hasRows = Files.isRegularFile(file) && Files.size(file) > 0;
            if (hasRows && !plan.resumed()) {
                throw new IllegalStateException(file + " already exists: a fresh run does not overwrite another "
                        + "run's metrics; choose another file or remove it");
            }
            if (hasRows) {
                List<String> lines = readBack(file);
                String expected = header(plan.metricNames());
                if (!lines.get(0).equals(expected)) {
                    throw new IllegalStateException(file + ": its columns are " + lines.get(0) + " but this run "
                            + "writes " + expected + "; move it away to resume without it");
                }
                truncateAfter(file, lines, plan.firstStep());
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!hasRows) {
                out.write(header(plan.metricNames()));
                out.newLine();
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** {@link #readLog}, its failure unchecked with its own message (a read, not a write, failed). */
    private static List<String> readBack(Path file) {
        try {
            return readLog(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Replaces the file with the header and the rows of {@code lines} up to {@code step}; a torn line goes too.
     * {@code lines} start with the header, which says how many columns a row has.
     */
    static void truncateAfter(Path file, List<String> lines, long step) throws IOException {
        List<String> kept = new ArrayList<>();
        int columns = FIELDS.split(lines.get(0), -1).length;
        for (String line : lines) {
            int comma = line.indexOf(',');
            if (isHeader(line) || (comma > 0 && FIELDS.split(line, -1).length == columns
                    && isStepAtMost(line.substring(0, comma), step))) {
                kept.add(line);
            }
        }
        AtomicFiles.write(file, o -> o.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The lines of a metrics log written by this listener, for a resumed run to read back.
     *
     * @param file a metrics log
     * @return its lines, the first one {@value #HEADER}
     * @throws IOException if it cannot be read, is not text (a UTF-8 decoding error, whose own message is only
     *                     "Input length = 1"), or does not start with the header: the message names the file and says
     *                     what was expected
     */
    static List<String> readLog(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw notALog(file, "it is not UTF-8 text", e);
        }
        if (lines.isEmpty() || !isHeader(lines.get(0))) {
            throw notALog(file, "its first line is not the header", null);
        }
        return lines;
    }

    private static IOException notALog(Path file, String why, Throwable cause) {
        return new IOException(file + ": not a gan4j metrics log (" + why + "; expected CSV text whose first line is "
                + HEADER + "); move it away to resume without it", cause);
    }

    private static boolean isStepAtMost(String field, long step) {
        try {
            return Long.parseLong(field) <= step;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void onStep(StepMetrics m) {
        try {
            // Plain appends into one builder, not String.format or Float.toString (a microsecond each on Java 17):
            // this runs every step.
            row.setLength(0);
            row.append(m.step()).append(',').append(m.epoch()).append(',').append(m.batchInEpoch()).append(',');
            appendFixed(row, m.lossD()).append(',');
            appendFixed(row, m.lossG()).append(',');
            appendFixed(row, m.meanDReal()).append(',');
            appendFixed(row, m.meanDFake());
            appendExtras(m);
            out.append(row);
            out.newLine();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The extra columns of a step: none for most objectives. */
    private void appendExtras(StepMetrics m) {
        for (int i = 0; i < m.extraCount(); i++) {
            appendFixed(row.append(','), m.extra(i));
        }
    }

    /**
     * Appends {@code value} with {@value #DECIMALS} decimals ({@code 0.693147}), rounded half up: the precision PyTorch
     * users print, at a tenth of the cost of the shortest-decimal conversion. Values are finite (training stops
     * before a non-finite loss reaches listeners) and well below 10^12.
     */
    static StringBuilder appendFixed(StringBuilder out, double value) {
        long scaled = Math.round(Math.abs(value) * SCALE);
        if (value < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / SCALE).append('.');
        long fraction = scaled % SCALE;
        for (long digit = SCALE / 10; digit > fraction && digit > 1; digit /= 10) {
            out.append('0');
        }
        return out.append(fraction);
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        flush();
    }

    @Override
    public void beforeCheckpoint(long step) {
        flush();
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void onEnd(GanResult result) {
        close();
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
            out = null;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Appends fail with the JDK's bare "No space left on device": the error says which file. */
    private UncheckedIOException failure(IOException e) {
        return WriteFailures.unchecked(file, e);
    }
}
