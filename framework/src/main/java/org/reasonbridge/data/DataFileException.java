package org.reasonbridge.data;

import java.nio.file.Path;

/**
 * A data file (JSON Lines, CSV, a benchmark's text format) that cannot be used: the message starts with
 * {@code file:line: } so an editor can jump to it; line 0 means the file as a whole.
 */
public class DataFileException extends IllegalArgumentException {
    private final Path file;
    private final long line;
    private final String problem;

    public DataFileException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** The message without the {@code file:line: } prefix. */
    public String problem() {
        return problem;
    }
}
