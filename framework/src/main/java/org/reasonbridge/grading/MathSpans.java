package org.reasonbridge.grading;

import org.reasonbridge.data.Boxes;

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
    /**
     * What may stand between two boxes of one answer: "," "and", spacing, math delimiters. Not "or": boxes parted
     * by "or" are usually one value in two forms ({@code \boxed{15\frac{39}{40}} or \boxed{\frac{639}{40}}}).
     */
    private static final Pattern SEPARATOR = Pattern.compile(
            "(?:\\s|\\$|,|;|\\\\[(),\\[\\] ]|\\\\q?quad|\\\\text\\s*\\{\\s*and\\s*}|and)*+");
    private static final Pattern JOINER = Pattern.compile("\\s*+,?\\s*+(?:and|or)?\\s*+|\\s*+,\\s*+");
    /** One more piece than {@link MathEquivalence} compares: a longer answer is "not equivalent" either way. */
    private static final int MAX_PIECES = 257;
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
        List<Boxes.Box> boxes = Boxes.all(text);
        if (boxes.isEmpty()) return Optional.empty();
        List<String> contents = new ArrayList<>();
        Boxes.Box current = boxes.get(boxes.size() - 1);
        contents.add(current.content(text)); // collected last first, turned round at the end
        for (int i = boxes.size() - 2; i >= 0 && contents.size() < MAX_PIECES; i--) {
            Boxes.Box before = boxes.get(i);
            if (before.end() > current.start()) continue; // nested inside the current box
            if (!SEPARATOR.matcher(text.substring(before.end(), current.start())).matches()) break;
            contents.add(before.content(text));
            current = before;
        }
        java.util.Collections.reverse(contents);
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
        int e = 0; // both in text order: one pointer walks the environments
        while (m.find()) {
            while (e < envs.size() && envs.get(e).end() <= m.start()) e++;
            boolean inside = e < envs.size() && envs.get(e).start() <= m.start();
            if (!inside) number = new Span(m.start(), m.end(), trimNumber(m.group()));
        }
        Span env = envs.isEmpty() ? null : envs.get(envs.size() - 1);
        if (env != null && (number == null || env.end() >= number.end())) {
            List<String> contents = new ArrayList<>();
            contents.add(env.content());
            for (int i = envs.size() - 2; i >= 0 && contents.size() < MAX_PIECES; i--) {
                if (!JOINER.matcher(text.substring(envs.get(i).end(), envs.get(i + 1).start())).matches()) break;
                contents.add(envs.get(i).content());
            }
            java.util.Collections.reverse(contents);
            String answer = asOne(contents).strip();
            if (!answer.isEmpty()) return Optional.of(new Extraction(answer, Extraction.Rule.LAST_MATH));
        }
        return number == null || number.content().isEmpty() ? Optional.empty()
                : Optional.of(new Extraction(number.content(), Extraction.Rule.LAST_NUMBER));
    }

    /** The math environments of the text in order; an unclosed one is not math. One pass: see {@link Closers}. */
    static List<Span> environments(String t) {
        List<Span> out = new ArrayList<>();
        Closers closers = new Closers(t);
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            boolean escaped = i > 0 && t.charAt(i - 1) == '\\';
            int close;
            if (c == '$' && !escaped && t.startsWith("$$", i) && (close = closers.find("$$", i + 2, false)) >= 0) {
                out.add(new Span(i, close + 2, t.substring(i + 2, close)));
                i = close + 2;
            } else if (c == '\\' && !escaped && t.startsWith("\\[", i) && (close = closers.find("\\]", i + 2, false)) >= 0) {
                out.add(new Span(i, close + 2, t.substring(i + 2, close)));
                i = close + 2;
            } else if (c == '\\' && !escaped && t.startsWith("\\(", i) && (close = closers.find("\\)", i + 2, true)) >= 0) {
                out.add(new Span(i, close + 2, t.substring(i + 2, close)));
                i = close + 2;
            } else if (c == '$' && !escaped && !(i > 0 && Character.isDigit(t.charAt(i - 1)))
                    && (close = closers.find("$", i + 1, true)) > i + 1) {
                out.add(new Span(i, close + 1, t.substring(i + 1, close)));
                i = close + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /**
     * Finds closing delimiters without rescanning: the next newline is kept, and a delimiter found missing after a
     * position is missing after every later one, so 100,000 unclosed {@code \[} cost one scan, not 100,000.
     */
    private static final class Closers {
        private final String t;
        private final java.util.Map<String, Integer> missingFrom = new java.util.HashMap<>();
        private int newline = -2;

        Closers(String t) {
            this.t = t;
        }

        /** Index of {@code delimiter} from {@code from} not escaped by a backslash; -1 if none (or a newline first, inline). */
        int find(String delimiter, int from, boolean oneLine) {
            if (from >= missingFrom.getOrDefault(delimiter, Integer.MAX_VALUE)) return -1;
            if (oneLine && newline != -1 && newline < from) newline = t.indexOf('\n', from);
            for (int at = t.indexOf(delimiter, from); at >= 0; at = t.indexOf(delimiter, at + 1)) {
                if (oneLine && newline >= 0 && at > newline) return -1;
                boolean escaped = at > 0 && t.charAt(at - 1) == '\\' && !delimiter.startsWith("\\");
                if (!escaped) return at;
            }
            missingFrom.put(delimiter, from);
            return -1;
        }
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

    /** One piece as itself; several as the set of all their elements. */
    private static String asOne(List<String> pieces) {
        return pieces.size() == 1 ? pieces.get(0) : "\\{" + String.join(", ", pieces) + "\\}";
    }
}
