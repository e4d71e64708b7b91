package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LogiQA, in three variants told apart by content, not by file name:
 * <ul>
 * <li>the original release ({@code Train.txt, Eval.txt, Test.txt}): records separated by blank lines, each the
 * correct letter ({@code a..d}), the context, the question and four options {@code A.} .. {@code D.} (a context
 * over several lines is joined);</li>
 * <li>the JSON re-export ({@code lucasmccabe/logiqa}): JSON Lines with {@code context, query, options,
 * correct_option} (an index);</li>
 * <li>LogiQA 2.0's JSON Lines (named {@code .txt}): {@code id, text, question, options, answer} (an index).</li>
 * </ul>
 * The question is the context, a blank line and the query; the answer is the correct letter. Ids are the record's
 * {@code id}, or {@code logiqa-} and a digest of the question, answer and options (content, not position).
 */
public final class LogiqaLoader {
    private static final Pattern OPTION = Pattern.compile("^([A-D])\\s*[.．)]\\s*(.*)$");

    private LogiqaLoader() {
    }

    public static Benchmark load(Path file) {
        List<JsonLines.Line> lines = JsonLines.lines(file);
        boolean json = lines.stream().filter(l -> !l.text().isBlank()).findFirst()
                .map(l -> l.text().strip().startsWith("{")).orElse(false);
        List<Problem> problems = json ? fromJson(file) : fromText(file, lines);
        return new Benchmark("logiqa", Grader.MC, problems);
    }

    private static List<Problem> fromJson(Path file) {
        return Rows.jsonl(file, f -> {
            List<String> options = f.strings("options");
            if (options.size() != 4) throw f.error("field 'options' must hold 4 options, not " + options.size());
            String answer = f.required("correct_option", "answer", "label").strip();
            int index;
            if (answer.matches("[0-3]")) index = Integer.parseInt(answer);
            else if (answer.matches("[A-Da-d]")) index = Character.toUpperCase(answer.charAt(0)) - 'A';
            else throw f.error("the correct option must be an index 0..3 or a letter A..D, not '" + answer + "'");
            String question = f.required("context", "text", "passage") + "\n\n" + f.required("query", "question");
            Map<String, String> meta = f.rest("context", "text", "passage", "query", "question", "options",
                    "correct_option", "answer", "label", "id");
            return new Problem(f.optional("id").orElseGet(() -> Rows.contentId("logiqa", question, Rows.letter(index), options)),
                    question, Rows.letter(index), options, meta);
        });
    }

    private static List<Problem> fromText(Path file, List<JsonLines.Line> lines) {
        List<Problem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<JsonLines.Line> block = new ArrayList<>();
        for (int i = 0; i <= lines.size(); i++) {
            if (i < lines.size() && !lines.get(i).text().isBlank()) {
                block.add(lines.get(i));
                continue;
            }
            if (block.isEmpty()) continue;
            Problem p = record(file, block);
            if (!ids.add(p.id())) throw new DataFileException(file, block.get(0).number(), "duplicate record");
            out.add(p);
            block.clear();
        }
        if (out.isEmpty()) throw new DataFileException(file, 0, "no problems");
        return out;
    }

    /** One record of the original format: letter, context (one or more lines), question, four options. */
    private static Problem record(Path file, List<JsonLines.Line> block) {
        long start = block.get(0).number();
        String letter = block.get(0).text().strip();
        if (!letter.matches("[a-dA-D]")) {
            throw new DataFileException(file, start, "a record starts with the correct letter a..d, not '" + abbreviate(letter) + "'");
        }
        if (block.size() < 7) {
            throw new DataFileException(file, start, "a record needs the letter, a context, a question and 4 options; found "
                    + block.size() + " lines");
        }
        List<String> options = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            JsonLines.Line l = block.get(block.size() - 4 + k);
            Matcher m = OPTION.matcher(l.text().strip());
            if (!m.matches() || m.group(1).charAt(0) != 'A' + k) {
                throw new DataFileException(file, l.number(), "expected option " + Rows.letter(k) + ". but found '"
                        + abbreviate(l.text()) + "'");
            }
            options.add(m.group(2).strip());
        }
        List<String> context = block.subList(1, block.size() - 5).stream().map(l -> l.text().strip()).toList();
        String query = block.get(block.size() - 5).text().strip();
        String question = String.join("\n", context) + "\n\n" + query;
        return new Problem(Rows.contentId("logiqa", question, letter.toUpperCase(), options), question,
                letter.toUpperCase(), options, Map.of("line", Long.toString(start)));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
