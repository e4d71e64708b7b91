package org.reasonbridge.notebook.kernel;

/** A cell that ends mid-statement (an open brace, a missing parenthesis). */
public final class IncompleteCellException extends RuntimeException {
    IncompleteCellException(String rest) {
        super("incomplete input: " + rest);
    }
}
