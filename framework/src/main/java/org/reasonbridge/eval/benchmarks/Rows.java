package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Parquet;
import org.reasonbridge.data.Problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The shared loop of the JSON-record loaders (JSON Lines or Parquet): one problem per object, ids unique, at least one problem. */
final class Rows {
    private Rows() {
    }

    /** One problem per JSON object of a JSON Lines file, or per row of a Parquet file. */
    static List<Problem> jsonl(Path file, Function<Fields, Problem> parse) {
        List<Problem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonLines.Row row : Parquet.is(file) ? Parquet.objects(file) : JsonLines.objects(file)) {
            Fields f = new Fields(file, row.number(), row.object());
            Problem p;
            try {
                p = parse.apply(f);
            } catch (IllegalArgumentException e) {
                if (e instanceof DataFileException) throw e;
                throw f.error(e.getMessage()); // a Problem refused by its own validation
            }
            if (!ids.add(p.id())) throw f.error("duplicate id '" + p.id() + "'");
            out.add(p);
        }
        if (out.isEmpty()) throw new DataFileException(file, 0, "no problems");
        return out;
    }

    /**
     * An id from a problem's content, for files that give none: {@code prefix-} and 16 hex digits of SHA-256 over
     * the parts (question, answer, options), so the id names the same problem whatever its line, and a log of one
     * file never answers another file's questions.
     */
    static String contentId(String prefix, String... parts) {
        return prefix + "-" + org.reasonbridge.data.Fingerprint.of(parts);
    }

    /** {@link #contentId(String, String...)} with the options appended. */
    static String contentId(String prefix, String question, String answer, List<String> choices) {
        List<String> parts = new ArrayList<>(List.of(question, answer));
        parts.addAll(choices);
        return contentId(prefix, parts.toArray(String[]::new));
    }

    /** The letter of option {@code index} (0 → A). */
    static String letter(int index) {
        return String.valueOf((char) ('A' + index));
    }
}
