package org.reasonbridge.notebook;

import org.reasonbridge.levels.LevelRenderer;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One output as Jupyter shows it: the same content in several MIME types (text/plain always among them), the
 * front end picking the richest it can draw. Images are kept base64-encoded, as the protocol sends them.
 *
 * @param data MIME type to content, in order of preference as built
 */
public record MimeBundle(Map<String, String> data) {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";

    public MimeBundle {
        Objects.requireNonNull(data, "data");
        if (!data.containsKey(TEXT)) throw new IllegalArgumentException("a bundle needs a text/plain fallback");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text));
    }

    /** HTML, with {@code text} for front ends (and logs) that show no HTML. */
    public static MimeBundle html(String html, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(HTML, html);
        m.put(TEXT, text);
        return new MimeBundle(m);
    }

    /** A PNG image, with {@code text} as its plain-text stand-in. */
    public static MimeBundle png(byte[] png, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PNG, Base64.getEncoder().encodeToString(png));
        m.put(TEXT, text);
        return new MimeBundle(m);
    }

    /** The plain-text form. */
    public String text() {
        return data.get(TEXT);
    }

    /** {@code text} made safe inside HTML (the project's one escape, {@link LevelRenderer#escape}). */
    static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        LevelRenderer.escape(text.toString(), 0, text.length(), out);
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
