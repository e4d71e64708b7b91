package org.reasonbridge.levels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a trace into the units the {@link RuleSegmenter} classifies: lines, and sentences within a line.
 * Offsets are exact (nothing is normalised). A sentence ends at {@code .}, {@code !} or {@code ?} followed by
 * whitespace and a character that is not a lower-case letter, unless the word before is an abbreviation
 * ({@code e.g.}, {@code approx.}) or the unit so far is a list label ({@code 1.}). Math and code stay whole:
 * {@code $...$} (within a line), {@code $$...$$}, {@code \[...\]}, {@code \(...\)}, {@code \begin{x}...\end{x}} and
 * fenced code may hold line breaks and full stops without ending a unit.
 */
final class TextUnits {

    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "cf", "fig", "eq", "eqs",
            "approx", "resp", "no", "nos", "dr", "mr", "mrs", "ms", "st", "prof", "thm", "def", "prop", "sec", "ch",
            "p", "pp", "al", "w.l.o.g", "a.k.a", "min", "max", "deg", "ex");

    private TextUnits() {
    }

    /** The units of {@code text} as {@code [start0, end0, start1, end1, ...]}, trimmed, in order. */
    static int[] split(String text) {
        int n = text.length();
        int[] out = new int[16];
        int count = 0;
        int start = -1;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (start < 0) {
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                start = i;
            }
            int skip = skipBlock(text, i);
            if (skip > i) {
                i = skip;
                continue;
            }
            int end = -1;
            if (c == '\n') {
                end = i;
            } else if (c == '.' || c == '!' || c == '?') {
                int after = i + 1;
                while (after < n && ".!?)]\"'”’*".indexOf(text.charAt(after)) >= 0) after++;
                if ((after == n || Character.isWhitespace(text.charAt(after))) && endsSentence(text, start, i, after)) {
                    end = after;
                }
                i = after - 1;
            }
            if (end >= 0) {
                int[] core = SegmentedTrace.trim(text, start, end);
                if (count + 2 > out.length) out = Arrays.copyOf(out, out.length * 2);
                out[count++] = core[0];
                out[count++] = core[1];
                start = -1;
            }
            i++;
        }
        if (start >= 0) {
            int[] core = SegmentedTrace.trim(text, start, n);
            if (count + 2 > out.length) out = Arrays.copyOf(out, count + 2);
            out[count++] = core[0];
            out[count++] = core[1];
        }
        return Arrays.copyOf(out, count);
    }

    /** Where a math or code block starting at {@code i} ends (past its closer); {@code i} when none starts here. */
    private static int skipBlock(String text, int i) {
        char c = text.charAt(i);
        if (c == '\\' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
            char d = text.charAt(i + 1);
            if (d == '[') return past(text, "\\]", i + 2, i);
            if (d == '(') return past(text, "\\)", i + 2, i);
            if (text.startsWith("\\begin{", i)) {
                int close = text.indexOf('}', i + 7);
                if (close < 0) return i;
                return past(text, "\\end{" + text.substring(i + 7, close) + "}", close + 1, i);
            }
            return i + 2; // an escaped character (\$, \.) or the start of a command: never a boundary
        }
        if (c == '$') {
            if (text.startsWith("$$", i)) return past(text, "$$", i + 2, i);
            // inline math stays on its line. Pandoc's rule tells math from prices: the opener has a non-space
            // after it, the closer a non-space before it and no digit after it ("$5. Then $3" is no math)
            if (i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1))) return i;
            int lineEnd = text.indexOf('\n', i);
            if (lineEnd < 0) lineEnd = text.length();
            for (int close = text.indexOf('$', i + 1); close > 0 && close < lineEnd; close = text.indexOf('$', close + 1)) {
                char before = text.charAt(close - 1);
                boolean digitAfter = close + 1 < text.length() && Character.isDigit(text.charAt(close + 1));
                if (before != '\\' && !Character.isWhitespace(before) && !digitAfter) return close + 1;
            }
            return i;
        }
        if (c == '`' && text.startsWith("```", i)) return past(text, "```", i + 3, i);
        return i;
    }

    private static int past(String text, String closer, int from, int otherwise) {
        int at = text.indexOf(closer, from);
        return at < 0 ? otherwise : at + closer.length();
    }

    /** Whether the punctuation at {@code dot} (with its closing run up to {@code after}) ends a sentence. */
    private static boolean endsSentence(String text, int start, int dot, int after) {
        int next = after;
        while (next < text.length() && Character.isWhitespace(text.charAt(next)) && text.charAt(next) != '\n') next++;
        if (next < text.length() && Character.isLowerCase(text.charAt(next))) return false;
        if (text.charAt(dot) != '.') return true;
        int wordStart = dot;
        while (wordStart > start && !Character.isWhitespace(text.charAt(wordStart - 1))
                && text.charAt(wordStart - 1) != '(') wordStart--;
        String word = text.substring(wordStart, dot).toLowerCase(Locale.ROOT);
        if (ABBREVIATIONS.contains(word)) return false;
        // "1." / "a)" / "(ii)." alone at the start of a unit is a list label, not a sentence
        return !(wordStart == start && word.matches("\\(?(\\d{1,3}|[a-z]|[ivx]{1,4})\\)?"));
    }
}
