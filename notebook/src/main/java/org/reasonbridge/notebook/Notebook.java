package org.reasonbridge.notebook;

import org.reasonbridge.levels.SegmentedTrace;
import tech.tablesaw.api.Table;

import java.awt.image.RenderedImage;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a notebook cell calls to show things (the kernel imports these statically): {@code display(obj)} picks the
 * richest form of {@code obj}, {@code display(mime, content)} shows content as the given MIME type, and
 * {@code output(obj)} shows an output whose {@code update(obj)} redraws it in place. A cell's last expression is
 * shown through {@link #render} too, so {@code table} alone on a line draws the same as {@code display(table)}.
 */
public final class Notebook {
    private static volatile DisplaySink sink = DisplaySink.CONSOLE;

    private Notebook() {
    }

    /** Sends later outputs to {@code target} (the kernel does this at start; {@code null} restores the console). */
    public static void attach(DisplaySink target) {
        sink = target == null ? DisplaySink.CONSOLE : target;
    }

    /** Shows {@code value} in its richest form ({@link #render}). */
    public static void display(Object value) {
        sink.display(render(value), UUID.randomUUID().toString());
    }

    /**
     * Shows {@code content} as {@code mime}, e.g. {@code display("text/html", "<b>hi</b>")},
     * {@code display("text/markdown", s)} or {@code display("image/png", bytesOrImage)}.
     */
    public static void display(String mime, Object content) {
        sink.display(as(mime, content), UUID.randomUUID().toString());
    }

    /** Shows {@code value} as an output that {@link Output#update} replaces in place later. */
    public static Output output(Object value) {
        Output out = new Output(UUID.randomUUID().toString());
        sink.display(render(value), out.displayId());
        return out;
    }

    /** An output shown by {@link #output}: {@code update} redraws it where it is. */
    public record Output(String displayId) {
        public Output {
            Objects.requireNonNull(displayId, "displayId");
        }

        /** Replaces this output with {@code value} in its richest form. */
        public void update(Object value) {
            sink.update(render(value), displayId);
        }
    }

    /** Shows an output under a chosen id, for helpers (e.g. {@link Progress}) that update it later. */
    static void show(MimeBundle bundle, String displayId) {
        sink.display(bundle, displayId);
    }

    static void replace(MimeBundle bundle, String displayId) {
        sink.update(bundle, displayId);
    }

    /** HTML to show as such, e.g. the last expression of a cell. */
    public static MimeBundle html(String html) {
        return MimeBundle.html(html, "[HTML]");
    }

    /** Markdown to show as such. */
    public static MimeBundle markdown(String markdown) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/markdown", markdown);
        m.put(MimeBundle.TEXT, markdown);
        return new MimeBundle(m);
    }

    /**
     * The richest form of {@code value}: a bundle as it is, a Tablesaw table as aligned text and an HTML table,
     * an image as PNG, a segmented trace coloured by level, arrays element by element, anything else as text.
     */
    public static MimeBundle render(Object value) {
        if (value instanceof MimeBundle b) return b;
        if (value instanceof Table t) return Tables.bundle(t);
        if (value instanceof RenderedImage img) return Charts.png(img);
        if (value instanceof SegmentedTrace trace) return Traces.levels(trace);
        if (value instanceof Progress p) return p.bundle();
        return MimeBundle.text(text(value));
    }

    private static String text(Object value) {
        if (value == null) return "null";
        if (value instanceof Object[] a) return Arrays.deepToString(a);
        if (value instanceof int[] a) return Arrays.toString(a);
        if (value instanceof long[] a) return Arrays.toString(a);
        if (value instanceof double[] a) return Arrays.toString(a);
        if (value instanceof float[] a) return Arrays.toString(a);
        if (value instanceof boolean[] a) return Arrays.toString(a);
        if (value instanceof char[] a) return Arrays.toString(a);
        if (value instanceof byte[] a) return Arrays.toString(a);
        if (value instanceof short[] a) return Arrays.toString(a);
        return String.valueOf(value);
    }

    /** {@code content} as {@code mime}: text types take a string, image types bytes or an image. */
    static MimeBundle as(String mime, Object content) {
        Objects.requireNonNull(mime, "mime");
        if (mime.equals(MimeBundle.TEXT)) return MimeBundle.text(text(content));
        Map<String, String> m = new LinkedHashMap<>();
        if (mime.startsWith("image/")) {
            byte[] bytes;
            if (content instanceof byte[] b) bytes = b;
            else if (content instanceof RenderedImage img && mime.equals(MimeBundle.PNG)) bytes = Charts.pngBytes(img);
            else throw new IllegalArgumentException(mime + " needs bytes" + (mime.equals(MimeBundle.PNG) ? " or an image" : "")
                    + ", not " + (content == null ? "null" : content.getClass().getName()));
            m.put(mime, Base64.getEncoder().encodeToString(bytes));
            m.put(MimeBundle.TEXT, "[" + mime + ", " + bytes.length + " bytes]");
        } else {
            if (!(content instanceof CharSequence s)) throw new IllegalArgumentException(mime + " needs a string, not "
                    + (content == null ? "null" : content.getClass().getName()));
            m.put(mime, s.toString());
            m.put(MimeBundle.TEXT, mime.equals("text/markdown") || mime.equals("text/latex") ? s.toString() : "[" + mime + "]");
        }
        return new MimeBundle(m);
    }
}
