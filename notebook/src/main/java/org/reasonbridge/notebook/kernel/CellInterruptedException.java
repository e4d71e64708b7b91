package org.reasonbridge.notebook.kernel;

/** A cell ended by an interrupt (the notebook's stop button); the kernel and its state stay. */
public final class CellInterruptedException extends RuntimeException {
    CellInterruptedException() {
        super("the cell was interrupted");
    }

    CellInterruptedException(Throwable how) {
        super("the cell was interrupted", how);
    }
}
