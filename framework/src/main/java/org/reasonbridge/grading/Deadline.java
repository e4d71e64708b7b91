package org.reasonbridge.grading;

/** A point in time after which a comparison gives up; checked in every loop that depends on the input's size. */
final class Deadline {
    /** Thrown when the time is up; the comparison then answers "not equivalent". */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("grading deadline exceeded", null, false, false);
        }
    }

    private final long endNanos;

    Deadline(long budgetNanos) {
        this.endNanos = System.nanoTime() + budgetNanos;
    }

    void check() {
        if (System.nanoTime() - endNanos > 0) throw new Exceeded();
    }
}
