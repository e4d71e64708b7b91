package org.reasonbridge.notebook;

import java.util.ArrayList;
import java.util.List;

/** A {@link DisplaySink} that keeps what was shown, in order, for the tests to read. */
final class RecordingSink implements DisplaySink {
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

    synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }
}
