package org.reasonbridge.notebook.kernel;

import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.reasonbridge.notebook.DisplaySink;
import org.reasonbridge.notebook.MimeBundle;

/**
 * Sends {@code display(...)} outputs to Jupyter as {@code display_data} and {@code update_display_data} on IOPub.
 * Outputs belong to the request running when they are sent: one made after its cell ended (from a thread the cell
 * left behind) has nowhere to go and is printed to the kernel's log instead.
 */
final class KernelSink implements DisplaySink {
    private final DisplayStream stream;

    KernelSink(DisplayStream stream) {
        this.stream = stream;
    }

    static DisplayData displayData(MimeBundle bundle) {
        DisplayData d = new DisplayData();
        bundle.data().forEach(d::putData);
        return d;
    }

    @Override
    public void display(MimeBundle bundle, String displayId) {
        DisplayData d = displayData(bundle);
        d.setDisplayId(displayId);
        if (stream.isAttached()) stream.display(d);
        else System.err.println("(display outside a running cell) " + bundle.text());
    }

    @Override
    public void update(MimeBundle bundle, String displayId) {
        if (stream.isAttached()) stream.updateDisplay(displayId, displayData(bundle));
        else System.err.println("(display outside a running cell) " + bundle.text());
    }
}
