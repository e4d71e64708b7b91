package org.reasonbridge.model.input;

import java.nio.file.Path;

/**
 * A JSON file that cannot be used: not UTF-8, not JSON, not an object, too large. The message is
 * {@code file:line:column: problem} (or {@code file: problem} when no position applies), in words.
 */
public final class JsonFileException extends IllegalArgumentException {
    private final transient Path file;
    private final long line, column;
    private final String problem;

    public JsonFileException(Path file, long line, long column, String problem) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 when the problem has no position. */
    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    /** What is wrong, without the file and position. */
    public String problem() {
        return problem;
    }

    /** The position and problem without the file: {@code line 3, column 7: problem}. */
    public String located() {
        return (line > 0 ? "line " + line + ", column " + column + ": " : "") + problem;
    }
}
