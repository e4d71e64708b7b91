package org.reasonbridge.data;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every result a command writes goes through here: into a temporary file beside the target, then renamed over it,
 * so a reader never sees half a file and a run that fails halfway leaves the previous output as it was.
 */
public final class AtomicFiles {
    /** What writes a file's bytes. */
    @FunctionalInterface
    public interface Bytes {
        void write(OutputStream out) throws IOException;
    }

    /** What writes a file's text (UTF-8). */
    @FunctionalInterface
    public interface Text {
        void write(Writer out) throws IOException;
    }

    private static final AtomicLong TMP = new AtomicLong();

    private AtomicFiles() {
    }

    /** Writes {@code file} through {@code body}, atomically. */
    public static void write(Path file, Bytes body) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // not createTempFile: its owner-only mode (0600) would stay on the result; a new file gets the umask's
            tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + TMP.incrementAndGet()
                    + ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                body.write(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the failure that got us here is the one to report
                }
            }
        }
    }

    /** Writes {@code file} as UTF-8 text through {@code body}, atomically. */
    public static void writeText(Path file, Text body) {
        write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    /** Writes {@code text} to {@code file} as UTF-8, atomically. */
    public static void writeString(Path file, String text) {
        writeText(file, w -> w.write(text));
    }

    /**
     * Refuses an output that is also an input (writing it would destroy what is being read), naming both flags.
     * Paths are compared after resolving links, and before the output exists as its normalised absolute path.
     */
    public static void refuseSame(Path input, String inputFlag, Path output, String outputFlag) {
        if (input == null || output == null) return;
        boolean same;
        try {
            same = Files.exists(output) ? Files.isSameFile(input, output)
                    : input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize());
        } catch (IOException e) {
            same = false;
        }
        if (same) {
            throw new IllegalArgumentException(outputFlag + " " + output + " is the same file as " + inputFlag + " "
                    + input + ": the input would be overwritten; choose another " + outputFlag);
        }
    }
}
