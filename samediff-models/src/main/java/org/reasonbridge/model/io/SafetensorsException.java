package org.reasonbridge.model.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception of this package: a malformed or inconsistent safetensors file, index or
 * checkpoint, or a request the file cannot serve. Checked, as an {@link IOException}, because it is
 * about data on disk; the message always starts with the file or folder concerned.
 */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public SafetensorsException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public SafetensorsException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The file or folder the problem was found in. */
    public Path path() {
        return path;
    }
}
