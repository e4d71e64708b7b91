package org.reasonbridge.notebook.kernel;

/** Carries an {@link Error} a cell threw (an assertion, a stack overflow) through the kernel's exception path. */
public final class CellError extends RuntimeException {
    CellError(Error error) {
        super(error.toString(), error);
    }
}
