package org.gan4j.listeners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.eval.EvaluationReport;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.io.AtomicFiles;

/**
 * Writes every evaluation a run makes ({@link org.gan4j.GanConfig.Builder#evaluateEvery}) as one CSV row:
 * {@value #HEADER_START} then the figures of {@link EvaluationResult#scalars()} and {@code final}. Evaluations get a
 * file of their own rather than columns of {@code metrics.csv}: they come every few hundred steps, so in a row per
 * step their columns would be empty in all but a few rows, and they arrive a few steps after the step they measured.
 * A resumed run keeps the rows up to its checkpoint's step and appends; a fresh run refuses a file with rows. A run
 * without evaluations writes no file. The final evaluation of a conditional run also writes its per-class fidelity
 * to {@value #CLASS_FIDELITY_FILE} beside it.
 */
public final class EvaluationCsvListener implements TrainingListener {

    /** The first columns: the step measured, its epoch, the sample and reference counts. */
    public static final String HEADER_START = "step,epoch,samples,references";

    /**
     * Beside the evaluations' file: the final evaluation's class fidelity of a conditional run whose classes are the
     * feature network's ({@link EvaluationResult#classFidelity()}), one row per class: {@code class,name,fidelity}.
     */
    public static final String CLASS_FIDELITY_FILE = "class-fidelity.csv";

    private final Path file;
    private List<String> classNames = List.of();

    /**
     * A log written to {@code file}, created when training starts.
     *
     * @param file the CSV file
     */
    public EvaluationCsvListener(Path file) {
        this.file = file;
    }

    /** {@return the header line} */
    public static String header() {
        return HEADER_START + "," + String.join(",", EvaluationResult.SCALAR_NAMES) + ",final";
    }

    @Override
    public void onStart(TrainingPlan plan) {
        if (plan.config().evaluation().isEmpty()) {
            return; // no file for a run that makes no evaluation
        }
        classNames = plan.config().classNames();
        try {
            boolean hasRows = Files.isRegularFile(file) && Files.size(file) > 0;
            if (hasRows && !plan.resumed()) {
                throw new IllegalStateException(file + " already exists: a fresh run does not overwrite another "
                        + "run's evaluations; choose another file or remove it");
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            List<String> kept = new ArrayList<>();
            kept.add(header());
            if (hasRows) {
                // the evaluations after the checkpoint are made again by the resumed run
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int comma = line.indexOf(',');
                    if (comma > 0 && line.substring(0, comma).matches("\\d+")
                            && Long.parseLong(line.substring(0, comma)) <= plan.firstStep()) {
                        kept.add(line);
                    }
                }
            }
            AtomicFiles.write(file, o -> o.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEvaluation(EvaluationReport report) {
        EvaluationResult r = report.result();
        StringBuilder row = new StringBuilder();
        row.append(report.step()).append(',').append(report.epoch()).append(',').append(r.samples()).append(',')
                .append(r.references());
        for (Map.Entry<String, Double> e : r.scalars().entrySet()) {
            row.append(',').append(String.format(Locale.ROOT, "%.6g", e.getValue()));
        }
        row.append(',').append(report.last()).append('\n');
        try {
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            if (report.last() && !r.classFidelity().isEmpty()) {
                writeClassFidelity(r.classFidelity());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeClassFidelity(List<Double> fidelity) throws IOException {
        StringBuilder b = new StringBuilder("class,name,fidelity\n");
        for (int c = 0; c < fidelity.size(); c++) {
            String name = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
            b.append(c).append(',').append(name.replace(",", " ")).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", fidelity.get(c))).append('\n');
        }
        AtomicFiles.write(file.resolveSibling(CLASS_FIDELITY_FILE),
                o -> o.write(b.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
