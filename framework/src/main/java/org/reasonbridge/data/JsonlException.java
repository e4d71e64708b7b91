package org.reasonbridge.data;

import java.nio.file.Path;

/** A JSON Lines record that cannot be used; names the file, the line and the record's id when known. */
public final class JsonlException extends IllegalArgumentException {
    private final Path file;
    private final long line;

    public JsonlException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
