package org.reasonbridge.grading;

import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.levels.TraceParts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the math is in free text, read the way Math-Verify reads it: the LaTeX environments ({@code $...$},
 * {@code $$...$$}, {@code \(...\)}, {@code \[...\]}; the inline ones on one line), plain numbers and simple
 * expressions ({@code 1,000.99}, {@code 2/3}), and answers given in several pieces ({@code \boxed{1}, \boxed{2}},
 * {@code $1$ and $2$}), which become one set. Every scan is a single pass over the text.
 */
final class MathSpans {
    /** A number or a simple expression (2/3, 10 × 4), after a space, "=", "(", ":" or a currency sign. */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![^\\s=(:*$€£¥])-?\\d[\\d.,]*+(?:[ \\t]*+[-+*/×÷^][ \\t]*+\\(?-?\\d[\\d.,]*+\\)?)*+");
    /** What may stand between two pieces of one answer: "," "and" "or", spacing, math delimiters. */
    private static final Pattern SEPARATOR = Pattern.compile(
            "(?:\\s|\\$|,|;|\\\\[(),\\[\\] ]|\\\\q?quad|\\\\text\\s*\\{\\s*(?:and|or)\\s*}|and|or)*+");
    private static final Pattern PROSE = Pattern.compile("(?<![\\\\a-zA-Z])[a-zA-Z]{2,}+[ \\t]++[a-zA-Z]{2,}+");

    private MathSpans() {
    }

    /** A piece of math in the text: where it ends (to find the last one) and what it says. */
    record Span(int start, int end, String content) {
    }

    /**
     * The last {@code \boxed{...}} and the boxes right before it that only separators part from it
     * ({@code \boxed{1}, \boxed{2} and \boxed{3}}) as one set; a single box is its content.
     */
    static Optional<String> lastBoxes(String text) {
        List<LevelSpan> boxes = TraceParts.boxed(text);
        if (boxes.isEmpty()) return Optional.empty();
        List<String> contents = new ArrayList<>();
        LevelSpan current = boxes.get(boxes.size() - 1);
        contents.add(0, content(text, current));
        for (int i = boxes.size() - 2; i >= 0; i--) {
            LevelSpan before = boxes.get(i);
            if (before.end() > current.start()) continue; // nested inside the current box
            if (!SEPARATOR.matcher(text.substring(before.end(), current.start())).matches()) break;
            contents.add(0, content(text, before));
            current = before;
        }
        return Optional.of(asOne(contents));
    }

    /**
     * Whether the text is prose or mixes math into prose (so its answer must be found in it), rather than one
     * answer written out: a math delimiter inside it, or two words in a row outside LaTeX commands.
     */
    static boolean isProse(String text) {
        String s = text.strip();
        for (String[] pair : new String[][]{{"$$", "$$"}, {"\\(", "\\)"}, {"\\[", "\\]"}, {"$", "$"}}) {
            if (s.length() >= pair[0].length() + pair[1].length() && s.startsWith(pair[0]) && s.endsWith(pair[1])) {
                String inner = s.substring(pair[0].length(), s.length() - pair[1].length());
                if (environments(inner).isEmpty() && !hasDelimiter(inner)) s = inner;
                break;
            }
        }
        return hasDelimiter(s) || PROSE.matcher(s.replaceAll("\\\\(?:text|textbf|textnormal|textit|mbox|mathrm)\\s*\\{[^{}]*}", "")).find();
    }

    /**
     * The last math in prose, as Math-Verify's fallback finds it: whichever ends last of the last LaTeX
     * environment (joined with the ones before it by "and", "or", ",") and the last plain number or expression.
     */
    static Optional<Extraction> last(String text) {
        List<Span> envs = environments(text);
        Span number = null;
        Matcher m = NUMBER.matcher(text);
        while (m.find()) if (!inside(envs, m.start())) number = new Span(m.start(), m.end(), trimNumber(m.group()));
        Span env = envs.isEmpty() ? null : envs.get(envs.size() - 1);
        if (env != null && (number == null || env.end() >= number.end())) {
            List<String> contents = new ArrayList<>();
            contents.add(env.content());
            for (int i = envs.size() - 2; i >= 0; i--) {
                String between = text.substring(envs.get(i).end(), envs.get(i + 1).start());
                if (!between.strip().matches(",?\\s*(?:and|or)?|,")) break;
                contents.add(0, envs.get(i).content());
            }
            String answer = asOne(contents).strip();
            if (!answer.isEmpty()) return Optional.of(new Extraction(answer, Extraction.Rule.LAST_MATH));
        }
        return number == null || number.content().isEmpty() ? Optional.empty()
                : Optional.of(new Extraction(number.content(), Extraction.Rule.LAST_NUMBER));
    }

    /** The math environments of the text in order; an unclosed one is not math. */
    static List<Span> environments(String t) {
        List<Span> out = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            boolean escaped = i > 0 && t.charAt(i - 1) == '\\';
            int close;
            if (c == '$' && !escaped && t.startsWith("$$", i) && (close = unescaped(t, "$$", i + 2, false)) >= 0) {
                out.add(new Span(i, close + 2, t.substring(i + 2, close)));
                i = close + 2;
            } else if (c == '\\' && !escaped && t.startsWith("\\[", i) && (close = unescaped(t, "\\]", i + 2, false)) >= 0) {
                out.add(new Span(i, close + 2, t.substring(i + 2, close)));
                i = close + 2;
            } else if (c == '\\' && !escaped && t.startsWith("\\(", i) && (close = unescaped(t, "\\)", i + 2, true)) >= 0) {
                out.add(new Span(i, close + 2, t.substring(i + 2, close)));
                i = close + 2;
            } else if (c == '$' && !escaped && !(i > 0 && Character.isDigit(t.charAt(i - 1)))
                    && (close = unescaped(t, "$", i + 1, true)) > i + 1) {
                out.add(new Span(i, close + 1, t.substring(i + 1, close)));
                i = close + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** Index of {@code delimiter} from {@code from} not preceded by a backslash; -1 if none (or a newline first, inline). */
    private static int unescaped(String t, String delimiter, int from, boolean oneLine) {
        int newline = oneLine ? t.indexOf('\n', from) : -1;
        for (int at = t.indexOf(delimiter, from); at >= 0; at = t.indexOf(delimiter, at + 1)) {
            if (newline >= 0 && at > newline) return -1;
            boolean escaped = at > 0 && t.charAt(at - 1) == '\\' && !delimiter.startsWith("\\");
            if (!escaped) return at;
        }
        return -1;
    }

    private static boolean hasDelimiter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escaped = i > 0 && s.charAt(i - 1) == '\\';
            if (c == '$' && !escaped) return true;
            if (c == '\\' && !escaped && i + 1 < s.length() && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '[')) return true;
        }
        return false;
    }

    private static boolean inside(List<Span> envs, int at) {
        for (Span e : envs) if (at >= e.start() && at < e.end()) return true;
        return false;
    }

    /** "1,000.99." to "1,000.99", "(1/2)" to "1/2": punctuation and an unopened ")" after a number are not part of it. */
    private static String trimNumber(String n) {
        int end = n.length(), open = 0, closed = 0;
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) == '(') open++;
            if (n.charAt(i) == ')') closed++;
        }
        while (end > 0 && (".,".indexOf(n.charAt(end - 1)) >= 0 || (n.charAt(end - 1) == ')' && closed > open))) {
            if (n.charAt(--end) == ')') closed--;
        }
        return n.substring(0, end).strip();
    }

    private static String content(String text, LevelSpan box) {
        return text.substring(text.indexOf('{', box.start()) + 1, box.end() - 1);
    }

    /** One piece as itself; several as the set of all their elements. */
    private static String asOne(List<String> pieces) {
        return pieces.size() == 1 ? pieces.get(0) : "\\{" + String.join(", ", pieces) + "\\}";
    }
}
