package org.reasonbridge.notebook;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DisplaySink} that keeps what was shown, in order, for the tests to read; as a JUnit extension
 * ({@code @RegisterExtension}) it is attached to {@link Notebook} for each test and detached after.
 */
final class RecordingSink implements DisplaySink, BeforeEachCallback, AfterEachCallback {
    /** One output sent: a new one ({@code update} false) or a redraw of {@code displayId}. */
    record Sent(MimeBundle bundle, String displayId, boolean update) {
    }

    final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void display(MimeBundle bundle, String displayId) {
        sent.add(new Sent(bundle, displayId, false));
    }

    @Override
    public synchronized void update(MimeBundle bundle, String displayId) {
        sent.add(new Sent(bundle, displayId, true));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Notebook.attach(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Notebook.attach(null);
    }

    synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }
}
