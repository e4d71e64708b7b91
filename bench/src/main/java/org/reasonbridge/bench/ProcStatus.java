package org.reasonbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A field of this process's {@code /proc/self/status} (Linux), such as VmRSS or VmHWM. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** The field's value in bytes (the kernel reports kB). */
    static long bytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IOException(field + " missing from /proc/self/status");
    }
}
