package org.reasonbridge.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MATH reference's {@code strip_string} (hendrycks/math, {@code math_equivalence.py}) in Java, plus the few
 * rewrites its test cases and the cross-grader probe need: math delimiters, LaTeX spacing, {@code \text}
 * wrappers, {@code inf}, thousands separators. Every pattern here is linear in the input.
 */
final class AnswerNormalizer {
    private static final Pattern DOUBLE_BACKSLASH_COMMAND = Pattern.compile("(?<!\\\\)\\\\\\\\(?=[a-zA-Z]{2,})");
    private static final String TEXT_COMMANDS = "text|textbf|textit|textnormal|textrm|textsf|mbox|mathrm|mathbf|mathit|operatorname";
    private static final Pattern TEXT_WRAPPER = Pattern.compile("\\\\(?:" + TEXT_COMMANDS + ")\\s*\\{([^{}]*)\\}");
    /** A unit after a number: {@code 125\textnormal{ miles}}, {@code \frac13 \textbf{meters}}, {@code 15\mbox{ cm}^2}. */
    private static final Pattern TRAILING_UNIT_TEXT = Pattern.compile("\\\\(?:" + TEXT_COMMANDS + ")\\s*\\{[^{}]*\\}(?:\\^\\{?[23]\\}?)?\\s*$");
    private static final Pattern GEQ = Pattern.compile("\\\\(?:geq?|geqslant)(?![a-zA-Z])|>=|≥");
    private static final Pattern LEQ = Pattern.compile("\\\\(?:leq?|leqslant)(?![a-zA-Z])|<=|≤");
    private static final Pattern NEQ = Pattern.compile("\\\\(?:neq?)(?![a-zA-Z])|!=|≠");
    private static final Pattern GT = Pattern.compile("\\\\gt(?![a-zA-Z])");
    private static final Pattern LT = Pattern.compile("\\\\lt(?![a-zA-Z])");
    private static final Pattern APPROX = Pattern.compile("\\\\approx(?![a-zA-Z])|≈");
    /** "6 and 8", "1,\ 2 or 3": a conjunction between two math items separates list elements. */
    private static final Pattern AND_OR = Pattern.compile("(?<=[\\d)\\]}])\\s*+,?\\s*+(?:and|or)\\s*+(?=[-\\d(\\[{]|\\\\[a-zA-Z{]|[a-zA-Z](?:_\\{?\\w+\\}?)?\\s*+=)");
    private static final Pattern TRAILING_UNIT_WORDS = Pattern.compile("^(-?[0-9.,/]+)\\s+[a-zA-Z]{2,}(?:\\s+[a-zA-Z]+)*$");
    private static final Pattern INFINITY = Pattern.compile("(?<![a-zA-Z\\\\])(?:inf|infinity|infty)(?![a-zA-Z])|∞");
    private static final Pattern THOUSANDS = Pattern.compile("^-?[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?$");
    private static final Pattern MEMBER_PREFIX = Pattern.compile("^[a-zA-Z]\\s*\\\\in\\s*");
    /**
     * A mixed number in plain text, {@code 4 4/9} (not after a letter, brace, power or subscript, so {@code x^2 3/4}
     * stays a product); read as a mixed number only when the fraction is proper.
     */
    private static final Pattern MIXED_NUMBER = Pattern.compile("(?<![\\w.}{^_\\\\])(\\d+)[ \\t]+(\\d+)/(\\d+)(?![\\w./^])");
    private static final Pattern LATEX_SPACE = Pattern.compile("(?<!\\\\)\\\\ ");
    private static final Pattern THOUSANDS_SPACE = Pattern.compile("(?<=\\d),\\\\!\\s*(?=\\d{3}(?!\\d))");
    private static final Pattern DIGIT_COMMA_DIGIT = Pattern.compile("\\d,\\d");
    private static final Pattern SHORT_LHS = Pattern.compile("^\\s*(?:[a-zA-Z][a-zA-Z0-9]?|[a-zA-Z]_\\{?\\w+\\}?|\\\\[a-z]+)\\s*=(?!=)");

    private AnswerNormalizer() {
    }

    /** Normalises one whole answer (before it is split into elements). */
    static String normalize(String answer) {
        // mixed numbers first: "11\n5/6" is two lines, not eleven and five sixths
        String s = mixedNumbers(answer.strip()).replace("\n", " ").replace("\r", " ");
        s = stripDelimiters(s);
        s = trailingPunctuation(s); // "$\frac{1}{3},$", "$5 \text{ cm}.$": the sentence's mark inside the math
        s = DOUBLE_BACKSLASH_COMMAND.matcher(s).replaceAll("\\\\");
        s = LATEX_SPACE.matcher(s).replaceAll(" "); // "\ " but not a row break "\\ " of a matrix
        s = THOUSANDS_SPACE.matcher(s).replaceAll(","); // 32,\! 349: a LaTeX thousands separator
        s = s.replace("\\!", "").replace("\\,", "").replace("\\;", "").replace("\\:", "")
                .replace("\\quad", " ").replace("\\displaystyle", "").replace("{,}", "");
        s = s.replace("tfrac", "frac").replace("dfrac", "frac").replace("cfrac", "frac");
        s = s.replace("\\left.", "").replace("\\right.", "").replace("\\left", "").replace("\\right", "");
        s = s.replace("^{\\circ}", "").replace("^\\circ", "").replace("°", "");
        s = s.replace("\\$", "").replace("$", "");
        if (containsDigit(s) && !s.startsWith("\\text")) s = TRAILING_UNIT_TEXT.matcher(s).replaceFirst("");
        s = s.replace("\\%", "").replace("%", "");
        s = unwrapText(s);
        Matcher words = TRAILING_UNIT_WORDS.matcher(s.strip());
        if (words.matches()) s = words.group(1);
        s = INFINITY.matcher(s).replaceAll("\\\\infty");
        s = relations(s);
        s = AND_OR.matcher(s).replaceAll(", ");
        // "-12;-11;-10", "p=5,q=2;p=7,q=2": a semicolon separates items, unless commas are decimal commas there
        if (s.indexOf(';') >= 0 && !DIGIT_COMMA_DIGIT.matcher(s).find()) s = s.replace(';', ',');
        s = MEMBER_PREFIX.matcher(s.strip()).replaceFirst("");
        s = s.strip();
        while (s.endsWith(".") && !s.endsWith("..")) s = s.substring(0, s.length() - 1).strip(); // sentence period
        if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
        return s.replaceAll("\\s+", " ");
    }

    /**
     * One spelling per relation ({@code ≤ ≥ ≠ < >}, whatever the LaTeX or ASCII form). An approximation is a
     * remark after a result ({@code x = 1/3 \approx 0.33} is {@code x = 1/3}) unless it is the only relation there
     * ({@code x \approx 11} is {@code x = 11}), as Math-Verify reads it.
     */
    static String relations(String s) {
        s = GEQ.matcher(s).replaceAll("≥");
        s = LEQ.matcher(s).replaceAll("≤");
        s = NEQ.matcher(s).replaceAll("≠");
        s = GT.matcher(s).replaceAll(">");
        s = LT.matcher(s).replaceAll("<");
        Matcher approx = APPROX.matcher(s);
        if (approx.find()) s = s.indexOf('=') >= 0 ? s.substring(0, approx.start()) : approx.replaceAll("=");
        return s;
    }

    /** The reference's "x = 5" to "5": a left side of at most two characters (or x_1, \theta) is a name. */
    static String dropNamePrefix(String element) {
        if (element.indexOf('=') != element.lastIndexOf('=')) return element;
        Matcher m = SHORT_LHS.matcher(element);
        return m.find() ? element.substring(m.end()).strip() : element;
    }

    /** Commas, semicolons and a sentence period that end the answer (not an ellipsis). */
    static String trailingPunctuation(String s) {
        while (!s.isEmpty() && (s.endsWith(",") || s.endsWith(";") || (s.endsWith(".") && !s.endsWith("..")))) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** {@code 4 4/9} as {@code (4+4/9)}, as Math-Verify reads a plain mixed number; an improper fraction is left alone. */
    static String mixedNumbers(String s) {
        if (s.indexOf('/') < 0) return s;
        return MIXED_NUMBER.matcher(s).replaceAll(m -> {
            boolean proper = m.group(2).length() < m.group(3).length() || (m.group(2).length() == m.group(3).length()
                    && m.group(2).compareTo(m.group(3)) < 0);
            return Matcher.quoteReplacement(proper ? "(" + m.group(1) + "+" + m.group(2) + "/" + m.group(3) + ")" : m.group());
        });
    }

    /** The text with spaces removed, as the reference compares it. */
    static String compact(String normalized) {
        return normalized.replace(" ", "");
    }

    private static String stripDelimiters(String s) {
        for (String[] pair : new String[][]{{"\\(", "\\)"}, {"\\[", "\\]"}, {"$$", "$$"}, {"$", "$"}}) {
            if (s.length() >= pair[0].length() + pair[1].length() && s.startsWith(pair[0]) && s.endsWith(pair[1])) {
                s = s.substring(pair[0].length(), s.length() - pair[1].length()).strip();
            }
        }
        return s;
    }

    private static String unwrapText(String s) {
        for (int i = 0; i < 4 && s.contains("\\"); i++) { // \text{\textbf{B}}: a few layers, never unbounded
            String next = TEXT_WRAPPER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1).strip()));
            if (next.equals(s)) break;
            s = next;
        }
        return s;
    }

    private static boolean containsDigit(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) return true;
        return false;
    }
}
