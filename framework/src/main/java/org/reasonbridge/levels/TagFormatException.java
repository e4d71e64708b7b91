package org.reasonbridge.levels;

/**
 * A tagged trace breaks the tag format of {@link TagSegmenter}. The message names the record (when known), the
 * 1-based line and column of the offending tag in the original text, and what is wrong.
 */
public final class TagFormatException extends IllegalArgumentException {

    private final String recordId;
    private final int line;
    private final int column;
    private final int offset;

    TagFormatException(String recordId, String text, int offset, String problem) {
        super(message(recordId, text, offset, problem));
        this.recordId = recordId;
        this.line = lineOf(text, offset);
        this.column = offset - text.lastIndexOf('\n', offset - 1);
        this.offset = offset;
    }

    private static String message(String recordId, String text, int offset, String problem) {
        String where = position(text, offset);
        return (recordId == null ? "" : "record " + recordId + ", ") + where + ": " + problem;
    }

    /** "line L, column C" of {@code offset} in {@code text}, both 1-based. */
    static String position(String text, int offset) {
        return "line " + lineOf(text, offset) + ", column " + (offset - text.lastIndexOf('\n', offset - 1));
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
        return line;
    }

    /** The record id given to {@link TagSegmenter#segment(String, String)}, or null. */
    public String recordId() {
        return recordId;
    }

    /** 1-based line of the offending tag. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending tag's {@code <}. */
    public int column() {
        return column;
    }

    /** Character offset of the offending tag's {@code <} in the tagged text. */
    public int offset() {
        return offset;
    }
}
