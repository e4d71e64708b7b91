package org.reasonbridge.cli;

import org.reasonbridge.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes the logits of every position as headerless little-endian float32 [T, V], for outside checkers. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = {"Write the logits of every position as little-endian float32 [T, V].",
                "Full forward, no cache; headerless, row-major, e.g. for bench/refmodel/compare.py."})
final class LogitsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model folder.")
    Path model;
    @Option(names = "--ids", required = true, paramLabel = "1,2,3", split = ",", description = "Token ids.")
    int[] ids;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        float[][] logits;
        try (Model m = Model.load(model)) {
            logits = m.logits(ids);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            ByteBuffer row = ByteBuffer.allocate(logits[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : logits) {
                row.clear();
                row.asFloatBuffer().put(r);
                os.write(row.array());
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.err.printf("wrote %d x %d float32 logits to %s%n", logits.length, logits[0].length, out);
        return 0;
    }
}
