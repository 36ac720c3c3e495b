package org.gan4j.listeners;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.gan4j.Provenance;
import org.gan4j.io.AtomicFiles;

/**
 * {@value RunLog#REPORT_FILE}: one self-contained page (images inlined as data URIs, no server, no network) with the
 * run's configuration and provenance, the loss plot, the real images, and the sample grid of every epoch behind a
 * slider (for a conditional run the class-by-sample grid, a row per class named on its left, and the list of the
 * classes). Built from the files in the run directory, so a resumed run's report covers the whole run.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * Writes the page. Images are streamed into it one by one (base64 straight from each file), so a 300-epoch
     * report never sits in memory whole.
     */
    static void write(Path runDir, Provenance p) throws IOException {
        Path samples = runDir.resolve(RunLog.SAMPLES_DIR);
        List<Path> epochs = SampleGridListener.epochFiles(samples);
        AtomicFiles.write(runDir.resolve(RunLog.REPORT_FILE), raw -> {
            Writer out = new OutputStreamWriter(raw, StandardCharsets.UTF_8);
            out.write("""
                    <!DOCTYPE html>
                    <html lang="en"><head><meta charset="utf-8"><title>gan4j run report</title>
                    <style>
                    body { font-family: sans-serif; margin: 2em; max-width: 1000px; }
                    table { border-collapse: collapse; } td { padding: 2px 10px; border-bottom: 1px solid #ddd; }
                    img.grid { image-rendering: pixelated; width: 484px; }
                    </style></head><body>
                    <h1>gan4j run report</h1>
                    <h2>Provenance</h2>
                    <table>""");
            out.write(provenanceRows(p));
            out.write("</table>\n<h2>Training curves</h2>\n");
            image(out, runDir.resolve(RunLog.LOSS_PLOT_FILE), "loss plot", "");
            out.write(evaluationTable(runDir.resolve(RunLog.EVALUATION_FILE)));
            out.write(classFidelityTable(runDir.resolve(EvaluationCsvListener.CLASS_FIDELITY_FILE)));
            if (Files.isRegularFile(runDir.resolve(LossPlotListener.EVALUATION_PLOT_FILE))) {
                image(out, runDir.resolve(LossPlotListener.EVALUATION_PLOT_FILE), "FID during training", "");
            }
            out.write(classesNote(p.config().classNames()));
            out.write("""
                    <h2>Samples from fixed noise</h2>
                    <p><input id="epoch" type="range" min="1" max="%d" value="%d" style="width: 484px">
                       epoch <span id="label">%d</span> of %d</p>
                    <img id="fake" class="grid" alt="generated samples">
                    <h2>All epochs, animated</h2>
                    """.formatted(Math.max(1, epochs.size()), epochs.size(), epochs.size(), epochs.size()));
            image(out, samples.resolve(SampleGridListener.ANIMATION_FILE), "animation of the epochs", "grid");
            out.write("\n<h2>Real images</h2>\n");
            image(out, samples.resolve(SampleGridListener.REAL_FILE), "real images", "grid");
            out.write("\n<script>\nconst grids = [\n");
            for (int i = 0; i < epochs.size(); i++) {
                out.write(i == 0 ? "  \"" : ",\n  \"");
                dataUri(out, epochs.get(i));
                out.write('"');
            }
            out.write("""

                    ];
                    const slider = document.getElementById('epoch');
                    function show() {
                      document.getElementById('fake').src = grids[slider.value - 1];
                      document.getElementById('label').textContent = slider.value;
                    }
                    slider.addEventListener('input', show);
                    if (grids.length > 0) { show(); }
                    </script>
                    </body></html>
                    """);
            out.flush();
        });
    }

    /**
     * For a conditional run, a line saying that each grid row is one class and listing the classes; nothing for an
     * unconditional run.
     */
    static String classesNote(List<String> classNames) {
        if (classNames.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<p class=\"classes\">A conditional run of ").append(classNames.size())
                .append(" classes: each grid row is one class, named on its left, the same 8 noise vectors in "
                        + "every row. Classes: ");
        for (int i = 0; i < classNames.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(i).append(" = ").append(escape(classNames.get(i)));
        }
        return b.append(".</p>\n").toString();
    }

    /**
     * The run's evaluations ({@value RunLog#EVALUATION_FILE}) as a table, one row per evaluation, the final one in
     * bold; nothing for a run without evaluations.
     */
    static String evaluationTable(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return "";
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2>Evaluation</h2>\n<p>Figures of the built-in feature network "
                + "(docs/evaluation.md): the sample count is in each row; compare figures of equal counts only.</p>"
                + "\n<table>\n<tr>");
        for (String name : lines.get(0).split(",")) {
            b.append("<th>").append(escape(name)).append("</th>");
        }
        b.append("</tr>\n");
        for (String line : lines.subList(1, lines.size())) {
            boolean last = line.endsWith(",true");
            b.append(last ? "<tr style=\"font-weight: bold\">" : "<tr>");
            for (String cell : line.split(",")) {
                b.append("<td>").append(escape(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /**
     * The final evaluation's class fidelity ({@value EvaluationCsvListener#CLASS_FIDELITY_FILE}), a row per class;
     * nothing without the file.
     */
    static String classFidelityTable(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return "";
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("<h2>Class fidelity</h2>\n<p>Of the final evaluation's samples drawn for "
                + "each class, the share that the feature network labels with that class (docs/evaluation.md).</p>"
                + "\n<table>\n<tr><th>class</th><th>name</th><th>fidelity</th></tr>\n");
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            b.append("<tr>");
            for (String cell : line.split(",", 3)) {
                b.append("<td>").append(escape(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String provenanceRows(Provenance p) {
        String[][] rows = {
            {"configuration", p.config().toString()},
            {"dataset", p.datasetName()},
            {"seed", Long.toString(p.seed())},
            {"steps, epochs", p.steps() + ", " + p.epochs()},
            {"backend", p.provider() + ": " + p.backend()},
            {"gan4j", p.libraryVersion()},
            {"started", p.startedAt().toString()},
            {"wall time", String.format(Locale.ROOT, "%.1f s", p.wallTime().toNanos() / 1e9)}};
        StringBuilder s = new StringBuilder();
        for (String[] r : rows) {
            s.append("<tr><td>").append(escape(r[0])).append("</td><td>").append(escape(r[1])).append("</td></tr>");
        }
        return s.toString();
    }

    private static void image(Writer out, Path png, String alt, String cssClass) throws IOException {
        if (!Files.isRegularFile(png)) {
            out.write("<p>(no " + escape(alt) + " yet)</p>");
            return;
        }
        out.write("<img class=\"" + cssClass + "\" alt=\"" + escape(alt) + "\" src=\"");
        dataUri(out, png);
        out.write("\">");
    }

    private static void dataUri(Writer out, Path png) throws IOException {
        out.write(png.getFileName().toString().endsWith(".gif") ? "data:image/gif;base64," : "data:image/png;base64,");
        out.write(Base64.getEncoder().encodeToString(Files.readAllBytes(png)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
