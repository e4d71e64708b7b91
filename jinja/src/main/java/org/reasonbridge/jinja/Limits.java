package org.reasonbridge.jinja;

/**
 * Bounds that make a hostile template fail fast instead of hanging or exhausting memory.
 *
 * @param maxOutputChars longest rendered text, and longest string a template may build (default 8M chars)
 * @param maxSteps evaluation steps (expressions, statements, loop iterations) per render (default 10M)
 * @param maxRange longest {@code range(...)} and longest list a template may build (default 100k, Jinja2's
 *     sandbox {@code MAX_RANGE})
 * @param maxCallDepth macro recursion depth (default 100, Python's own limit is about 1000 frames)
 * @param maxNesting nesting depth of parsed expressions and blocks, and of printed/serialised data (default 200)
 */
public record Limits(int maxOutputChars, long maxSteps, int maxRange, int maxCallDepth, int maxNesting) {

    /** Generous for any real chat (a 128k-token prompt is about 500k characters). */
    public static final Limits DEFAULT = new Limits(8_000_000, 10_000_000L, 100_000, 100, 200);

    public Limits {
        if (maxOutputChars <= 0 || maxSteps <= 0 || maxRange <= 0 || maxCallDepth <= 0 || maxNesting <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxOutputChars + ", " + maxSteps
                    + ", " + maxRange + ", " + maxCallDepth + ", " + maxNesting);
        }
    }
}
