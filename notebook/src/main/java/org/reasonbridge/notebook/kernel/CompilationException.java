package org.reasonbridge.notebook.kernel;

import java.util.List;

/** A cell that does not compile: each diagnostic with the line it points at, as javac would show it. */
public final class CompilationException extends RuntimeException {
    private final List<String> lines;

    CompilationException(String summary, List<String> lines) {
        super(summary);
        this.lines = List.copyOf(lines);
    }

    /** The formatted diagnostics, one line each. */
    public List<String> lines() {
        return lines;
    }
}
