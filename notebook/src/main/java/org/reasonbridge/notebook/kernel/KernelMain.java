package org.reasonbridge.notebook.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the kernel as Jupyter does ({@code kernels-config/kernel CONNECTION_FILE}): reads the connection file,
 * registers every handler, then opens the sockets (a request that came before the handlers would go unanswered).
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter passes it: see kernels-config/)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        KernelConnectionProperties properties;
        try {
            properties = KernelConnectionProperties.parse(Files.readString(file));
        } catch (IOException e) {
            System.err.println("reasonbridge kernel: cannot read the connection file " + file + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        JavaKernel kernel = JavaKernel.create();
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // the cell thread and anything a cell started must not keep a shut-down kernel alive
        System.exit(0);
    }
}
