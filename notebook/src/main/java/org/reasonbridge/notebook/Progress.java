package org.reasonbridge.notebook;

import org.reasonbridge.curation.CurationListener;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.eval.EvaluationListener;
import org.reasonbridge.eval.ScalingSweep;
import org.reasonbridge.training.TrainingListener;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A progress bar that redraws in place (Jupyter's {@code update_display_data}), for work that takes minutes or
 * hours: {@code Progress.bar("tokenize", n)} then {@code update(i)}, or one of the listeners that training,
 * curation and evaluation accept ({@link #training()}, {@link #curation()}, {@link #evaluation()}). Redraws
 * come at most every {@link #MIN_INTERVAL_MILLIS} ms, and always at the end. Safe to call from worker threads.
 */
public final class Progress {
    /** Fewer redraws than this spacing would only flood the front end. */
    public static final long MIN_INTERVAL_MILLIS = 200;
    private static final int TEXT_WIDTH = 30;

    private final String label;
    private final String displayId = UUID.randomUUID().toString();
    private final long started = System.nanoTime();
    private int total;
    private int done;
    private String note = "";
    private long lastDrawn = Long.MIN_VALUE;

    private Progress(String label, int total) {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, got " + total);
        this.label = label;
        this.total = total;
    }

    /** A bar at 0 of {@code total}, shown at once. */
    public static Progress bar(String label, int total) {
        Progress p = new Progress(label, total);
        synchronized (p) {
            p.lastDrawn = System.nanoTime();
            Notebook.show(p.bundle(), p.displayId);
        }
        return p;
    }

    /** Moves the bar to {@code done}. */
    public Progress update(int done) {
        return update(done, null);
    }

    /** Moves the bar to {@code done} with a note after it (e.g. the loss); a null note keeps the last one. */
    public synchronized Progress update(int done, String note) {
        this.done = Math.max(0, done);
        if (note != null) this.note = note;
        long now = System.nanoTime();
        if (this.done >= total || now - lastDrawn >= MIN_INTERVAL_MILLIS * 1_000_000) {
            lastDrawn = now;
            Notebook.replace(bundle(), displayId);
        }
        return this;
    }

    /** Draws the current state now, whatever the spacing (e.g. when the work stopped early). */
    public synchronized Progress finish() {
        lastDrawn = System.nanoTime();
        Notebook.replace(bundle(), displayId);
        return this;
    }

    public synchronized int done() {
        return done;
    }

    public synchronized int total() {
        return total;
    }

    /** The bar as HTML ({@code <progress>}) and as text ({@code [#####-----]}). */
    public synchronized MimeBundle bundle() {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int percent = (int) Math.floor(fraction * 100);
        long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
        String timing = clock(elapsed) + (done > 0 && done < total
                ? ", ~" + clock(Math.round(elapsed * (total - done) / (double) done)) + " left" : "");
        String counts = done + "/" + total + " (" + percent + "%)";
        int filled = (int) Math.round(fraction * TEXT_WIDTH);
        String text = label + " [" + "#".repeat(filled) + "-".repeat(TEXT_WIDTH - filled) + "] " + counts
                + (note.isEmpty() ? "" : " \u00b7 " + note) + " \u00b7 " + timing;
        String html = "<div class=\"rb-progress\" style=\"font-family:ui-monospace,monospace;font-size:13px\">"
                + "<progress value=\"" + done + "\" max=\"" + Math.max(total, 1) + "\" style=\"width:320px;vertical-align:middle\"></progress> "
                + "<b>" + MimeBundle.escape(label) + "</b> " + counts
                + (note.isEmpty() ? "" : " \u00b7 " + MimeBundle.escape(note)) + " \u00b7 " + timing + "</div>";
        return MimeBundle.html(html, text);
    }

    private static String clock(long seconds) {
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    // ---- listeners for the framework's long runs

    /** A bar of optimizer steps with the loss, drawn at the first step: pass to the trainer. */
    public static TrainingListener training() {
        Lazy bars = new Lazy();
        return (m, totalSteps) -> bars.get("training", totalSteps).update(m.step(), String.format(Locale.ROOT,
                "epoch %d \u00b7 loss %.4f \u00b7 %.0f tok/s", m.epoch(), m.loss(), m.tokensPerSecond()));
    }

    /** One bar per curation stage (teacher, difficulty, ...), each drawn when its stage starts. */
    public static CurationListener curation() {
        Map<CurationStage, Lazy> bars = new EnumMap<>(CurationStage.class);
        return (stage, done, total) -> {
            Lazy bar;
            synchronized (bars) {
                bar = bars.computeIfAbsent(stage, s -> new Lazy());
            }
            bar.get("curation: " + stage.id(), total).update(done);
        };
    }

    /** A bar of evaluated samples with the running accuracy and the failures. */
    public static EvaluationListener evaluation() {
        Lazy bars = new Lazy();
        return (done, total, correct, failed) -> bars.get("eval", total).update(done, String.format(Locale.ROOT,
                "correct %d (%.1f%%) \u00b7 failed %d", correct, done == 0 ? 0.0 : 100.0 * correct / done, failed));
    }

    /** One bar per setting of a test-time scaling sweep (method, interventions, budget), with its running accuracy. */
    public static ScalingSweep.Progress sweep() {
        Map<String, Lazy> bars = new LinkedHashMap<>();
        return (method, k, budget, done, total, correct) -> {
            String label = method + " K=" + k + " budget=" + budget;
            Lazy bar;
            synchronized (bars) {
                bar = bars.computeIfAbsent(label, s -> new Lazy());
            }
            bar.get(label, total).update(done, String.format(Locale.ROOT, "correct %d (%.1f%%)", correct,
                    done == 0 ? 0.0 : 100.0 * correct / done));
        };
    }

    /** A bar made at the first report, when the total is known; the total follows later reports. */
    private static final class Lazy {
        private Progress bar;

        synchronized Progress get(String label, int total) {
            if (bar == null) bar = Progress.bar(label, total);
            synchronized (bar) {
                bar.total = Math.max(total, 0);
            }
            return bar;
        }
    }
}
