package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.data.Csv;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GPQA Diamond ({@code gpqa_diamond.csv}): a CSV whose header holds at least {@code Question, Correct Answer,
 * Incorrect Answer 1, Incorrect Answer 2, Incorrect Answer 3}; {@code Record ID} is the id when present
 * ({@code row-<line>} otherwise) and every other non-empty column goes to metadata. The four options are shuffled
 * per question with a seed derived from a base seed and the id (SHA-256, so it does not depend on the JVM or on
 * the row order); metadata records {@code shuffle_seed} and {@code permutation}, the source index of each shown
 * option where 0 is the correct answer and 1..3 the incorrect ones. The answer is the correct option's letter.
 */
public final class GpqaLoader {
    /** The base seed of {@link Benchmarks#load}. */
    public static final long DEFAULT_SEED = 0;
    static final List<String> REQUIRED = List.of("Question", "Correct Answer", "Incorrect Answer 1",
            "Incorrect Answer 2", "Incorrect Answer 3");

    private GpqaLoader() {
    }

    public static Benchmark load(Path file) {
        return load(file, DEFAULT_SEED);
    }

    public static Benchmark load(Path file, long baseSeed) {
        List<Csv.Row> rows = Csv.read(file);
        if (rows.isEmpty()) throw new DataFileException(file, 0, "empty file");
        List<String> header = rows.get(0).cells().stream().map(String::strip).toList();
        long headerLine = rows.get(0).line();
        if (!header.containsAll(REQUIRED)) {
            List<String> missing = REQUIRED.stream().filter(c -> !header.contains(c)).toList();
            throw new DataFileException(file, headerLine, "wrong CSV header: missing " + missing
                    + "; expected a header with the columns " + REQUIRED);
        }
        List<Problem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.cells().size() != header.size()) {
                throw new DataFileException(file, row.line(), "has " + row.cells().size() + " cells, the header has " + header.size());
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) cells.put(header.get(i), row.cells().get(i));
            // without a Record ID a row is named by its content, never by its line
            String id = cells.getOrDefault("Record ID", "").isBlank()
                    ? Rows.contentId("gpqa", cells.getOrDefault("Question", "").strip(), cells.getOrDefault("Correct Answer", "").strip())
                    : cells.get("Record ID").strip();
            if (!ids.add(id)) throw new DataFileException(file, row.line(), "duplicate Record ID '" + id + "'");
            List<String> source = new ArrayList<>();
            for (String column : REQUIRED) {
                String v = cells.get(column).strip();
                if (v.isEmpty()) throw new DataFileException(file, row.line(), "empty field '" + column + "'");
                if (!column.equals("Question")) source.add(v);
            }
            long seed = seed(baseSeed, id);
            int[] permutation = permutation(seed);
            List<String> choices = new ArrayList<>();
            String letter = null;
            for (int i = 0; i < 4; i++) {
                choices.add(source.get(permutation[i]));
                if (permutation[i] == 0) letter = Rows.letter(i);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            cells.forEach((k, v) -> {
                if (!REQUIRED.contains(k) && !k.equals("Record ID") && !v.isBlank()) meta.put(k, v);
            });
            meta.put("shuffle_seed", Long.toString(seed));
            meta.put("permutation", permutation[0] + "," + permutation[1] + "," + permutation[2] + "," + permutation[3]);
            out.add(new Problem(id, cells.get("Question").strip(), letter, choices, meta));
        }
        if (out.isEmpty()) throw new DataFileException(file, headerLine, "no problems after the header");
        return new Benchmark("gpqa-diamond", Grader.MC, out);
    }

    /** The question's own seed: the first 8 bytes of SHA-256("baseSeed:id"). */
    static long seed(long baseSeed, String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((baseSeed + ":" + id).getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) s = (s << 8) | (h[i] & 0xff);
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fisher-Yates driven by SplitMix64 from the seed: written out here rather than {@link java.util.Random} so the
     * order is fixed by this file alone (and Random's first draws are poorly mixed).
     */
    static int[] permutation(long seed) {
        int[] p = {0, 1, 2, 3};
        long state = seed;
        for (int i = p.length - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int j = (int) Long.remainderUnsigned(z, i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
