package org.reasonbridge.notebook;

/**
 * Where {@link Notebook#display} sends outputs: the kernel's IOPub channel inside Jupyter, standard output
 * (plain text) anywhere else, so code that displays runs unchanged in a test or a program.
 */
public interface DisplaySink {
    /** Shows {@code bundle} as a new output; {@code displayId} names it for later updates. */
    void display(MimeBundle bundle, String displayId);

    /** Replaces the output named {@code displayId} where it is shown. */
    void update(MimeBundle bundle, String displayId);

    /** Plain text on standard output; an update prints a new line (a terminal has no display to replace). */
    DisplaySink CONSOLE = new DisplaySink() {
        @Override
        public void display(MimeBundle bundle, String displayId) {
            System.out.println(bundle.text());
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
            System.out.println(bundle.text());
        }
    };
}
