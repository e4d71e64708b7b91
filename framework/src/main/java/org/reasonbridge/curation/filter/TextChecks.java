package org.reasonbridge.curation.filter;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

/** The text measurements behind {@link QualityRule}: LaTeX balance, truncation, repetition. Stateless. */
final class TextChecks {
    private static final Pattern FENCED_CODE = Pattern.compile("```.*?(```|$)", Pattern.DOTALL);
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern LEFT = Pattern.compile("\\\\left(?![A-Za-z])");
    private static final Pattern RIGHT = Pattern.compile("\\\\right(?![A-Za-z])");
    private static final Pattern BEGIN_END = Pattern.compile("\\\\(begin|end)\\{([^}]*)}");
    private static final Pattern CURRENCY = Pattern.compile("\\$(?=\\d)");
    /** Characters a finished text does not end on ({@code *} and {@code _} are left out: Markdown emphasis ends with them). */
    private static final String DANGLING_CHARS = ",;:=+-/\\([{^&";
    /** Words a finished sentence does not end on. */
    private static final Set<String> DANGLING_WORDS = Set.of("the", "a", "an", "and", "or", "of", "to", "is", "are",
            "so", "then", "which", "that", "we", "with", "by", "for", "let", "because", "since", "thus", "therefore");
    /** A repeated span must cover this many words, and repeat this many times in a row, to be degenerate. */
    static final int MIN_RUN_WORDS = 40, MIN_RUN_REPEATS = 4, MAX_PERIOD = 64;
    /** Natural prose and mathematics deflate (fastest level) to 0.3-0.5 of their size; looping text far below this. */
    static final double MIN_COMPRESSION_RATIO = 0.12;
    static final int MIN_COMPRESSION_CHARS = 2000;

    private TextChecks() {
    }

    /** The text without code blocks or inline code, whose braces and dollars are not LaTeX. */
    static String withoutCode(String text) {
        return INLINE_CODE.matcher(FENCED_CODE.matcher(text).replaceAll(" ")).replaceAll(" ");
    }

    /** What is wrong with the LaTeX of {@code text}, if anything (code removed first). */
    static Optional<String> latexProblem(String raw) {
        String text = withoutCode(raw);
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i++; // \{ \} \\ \$ are escapes, not structure
                continue;
            }
            if (c == '{') depth++;
            if (c == '}' && --depth < 0) return Optional.of("unbalanced braces: a '}' at offset " + i + " closes nothing");
        }
        if (depth > 0) return Optional.of("unbalanced braces: " + depth + " '{' never closed");
        String dollars = text.replace("\\$", "");
        int display = count(dollars, "$$");
        if (display % 2 != 0) return Optional.of("odd number of '$$' (" + display + ")");
        String single = dollars.replace("$$", "");
        int inline = count(single, "$");
        // "$5 and ... $" in a word problem: a currency dollar is not a math delimiter
        if (inline % 2 != 0 && (inline - count(CURRENCY, single)) % 2 != 0) {
            return Optional.of("odd number of '$' (" + inline + ")");
        }
        int left = count(LEFT, text), right = count(RIGHT, text);
        if (left != right) return Optional.of("\\left without \\right (" + left + " \\left, " + right + " \\right)");
        if (count(text, "\\[") != count(text, "\\]")) return Optional.of("\\[ and \\] do not pair");
        if (count(text, "\\(") != count(text, "\\)")) return Optional.of("\\( and \\) do not pair");
        Map<String, Integer> open = new TreeMap<>();
        Matcher m = BEGIN_END.matcher(text);
        while (m.find()) open.merge(m.group(2), m.group(1).equals("begin") ? 1 : -1, Integer::sum);
        for (var e : open.entrySet()) {
            if (e.getValue() != 0) return Optional.of("\\begin{" + e.getKey() + "} and \\end{" + e.getKey() + "} do not pair");
        }
        return Optional.empty();
    }

    /** Why {@code text} looks cut off mid-sentence or mid-formula, if it does. */
    static Optional<String> endsMidway(String raw) {
        String text = raw.strip();
        if (text.isEmpty()) return Optional.empty();
        String lastLine = text.substring(text.lastIndexOf('\n') + 1);
        String lineDollars = lastLine.replace("\\$", "").replace("$$", "");
        if ((count(lineDollars, "$") - count(CURRENCY, lineDollars)) % 2 != 0 && count(lineDollars, "$") % 2 != 0) {
            return Optional.of("ends inside an inline formula: '" + tail(text) + "'");
        }
        if (text.lastIndexOf("\\[") > text.lastIndexOf("\\]")) return Optional.of("ends inside a display formula: '" + tail(text) + "'");
        char last = text.charAt(text.length() - 1);
        if (DANGLING_CHARS.indexOf(last) >= 0 && !text.endsWith("\\\\") && !text.endsWith("--")) {
            return Optional.of("ends on '" + last + "': '" + tail(text) + "'");
        }
        Matcher word = Pattern.compile("([A-Za-z]+)$").matcher(text);
        if (word.find() && DANGLING_WORDS.contains(word.group(1).toLowerCase())) {
            return Optional.of("ends mid-sentence on '" + word.group(1) + "': '" + tail(text) + "'");
        }
        return Optional.empty();
    }

    /**
     * The longest run of a phrase (1 to {@value #MAX_PERIOD} words) repeated back to back, when it covers at least
     * {@value #MIN_RUN_WORDS} words in at least {@value #MIN_RUN_REPEATS} repeats.
     */
    static Optional<String> repeatedRun(String text) {
        String[] words = text.strip().split("\\s+");
        int[] ids = new int[words.length];
        Map<String, Integer> vocab = new HashMap<>();
        for (int i = 0; i < words.length; i++) ids[i] = vocab.computeIfAbsent(words[i], k -> vocab.size());
        String best = null;
        int bestCover = 0;
        for (int period = 1; period <= MAX_PERIOD && period < ids.length; period++) {
            int run = 0;
            for (int i = 0; i + period < ids.length; i++) {
                run = ids[i] == ids[i + period] ? run + 1 : 0;
                int cover = run + period;
                if (cover >= MIN_RUN_WORDS && cover / period >= MIN_RUN_REPEATS && cover > bestCover) {
                    bestCover = cover;
                    int start = i + 1 - run;
                    best = "the " + period + "-word phrase '" + String.join(" ", java.util.Arrays.copyOfRange(words, start,
                            Math.min(start + Math.min(period, 12), words.length))) + (period > 12 ? " ..." : "")
                            + "' repeats " + cover / period + " times in a row";
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Deflated size over raw size (UTF-8); 1 for empty text. */
    static double compressionRatio(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length == 0) return 1;
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(raw);
        deflater.finish();
        byte[] buf = new byte[raw.length + 64];
        int size = 0;
        while (!deflater.finished()) size += deflater.deflate(buf);
        deflater.end();
        return (double) size / raw.length;
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static String tail(String text) {
        return text.length() <= 40 ? text : "..." + text.substring(text.length() - 40);
    }
}
