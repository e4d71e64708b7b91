package org.reasonbridge.data;

import java.nio.file.Path;

/** A JSON Lines record that cannot be used; names the file, the line and the record's id when known. */
public final class JsonlException extends DataFileException {
    public JsonlException(Path file, long line, String problem) {
        super(file, line, problem);
    }
}
