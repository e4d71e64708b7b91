package org.reasonbridge.cli;

import org.reasonbridge.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.reasonbridge.data.AtomicFiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    public Integer call() {
        PathArgs.inputFolder(model, "--model", "a Hugging Face model folder");
        PathArgs.outputFile(out, "--out");
        PathArgs.notInside(out, "--out", model, "--model");
        if (ids.length == 0) throw new IllegalArgumentException("--ids: no token ids given (e.g. --ids 1,2,3)");
        float[][] logits;
        try (Model m = Model.load(model)) {
            logits = m.logits(ids);
        }
        AtomicFiles.write(out, os -> {
            ByteBuffer row = ByteBuffer.allocate(logits[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : logits) {
                row.clear();
                row.asFloatBuffer().put(r);
                os.write(row.array());
            }
        });
        System.err.printf("wrote %d x %d float32 logits to %s%n", logits.length, logits[0].length, out);
        return 0;
    }
}
