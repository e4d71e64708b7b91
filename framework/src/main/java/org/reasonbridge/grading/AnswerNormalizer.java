package org.reasonbridge.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MATH reference's {@code strip_string} (hendrycks/math, {@code math_equivalence.py}) in Java, plus the few
 * rewrites its test cases and the cross-grader probe need: math delimiters, LaTeX spacing, {@code \text}
 * wrappers, {@code inf}, thousands separators. Every pattern here is linear in the input.
 */
final class AnswerNormalizer {
    private static final Pattern DOUBLE_BACKSLASH_COMMAND = Pattern.compile("\\\\\\\\(?=[a-zA-Z]{2,})");
    private static final Pattern TEXT_WRAPPER = Pattern.compile("\\\\(?:text|textbf|textit|mbox|mathrm|mathbf|operatorname)\\s*\\{([^{}]*)\\}");
    private static final Pattern TRAILING_UNIT_TEXT = Pattern.compile("\\\\(?:text|mbox|mathrm)\\s*\\{[^{}]*\\}\\s*$");
    private static final Pattern TRAILING_UNIT_WORDS = Pattern.compile("^(-?[0-9.,/]+)\\s+[a-zA-Z]{2,}(?:\\s+[a-zA-Z]+)*$");
    private static final Pattern INFINITY = Pattern.compile("(?<![a-zA-Z\\\\])(?:inf|infinity|infty)(?![a-zA-Z])|∞");
    private static final Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?$");
    private static final Pattern MEMBER_PREFIX = Pattern.compile("^[a-zA-Z]\\s*\\\\in\\s*");
    private static final Pattern SHORT_LHS = Pattern.compile("^\\s*(?:[a-zA-Z][a-zA-Z0-9]?|[a-zA-Z]_\\{?\\w+\\}?|\\\\[a-z]+)\\s*=(?!=)");

    private AnswerNormalizer() {
    }

    /** Normalises one whole answer (before it is split into elements). */
    static String normalize(String answer) {
        String s = answer.strip().replace("\n", " ").replace("\r", " ");
        s = stripDelimiters(s);
        s = DOUBLE_BACKSLASH_COMMAND.matcher(s).replaceAll("\\\\");
        s = s.replace("\\!", "").replace("\\,", "").replace("\\;", "").replace("\\:", "").replace("\\ ", " ")
                .replace("\\quad", " ").replace("\\displaystyle", "").replace("{,}", "");
        s = s.replace("tfrac", "frac").replace("dfrac", "frac");
        s = s.replace("\\left.", "").replace("\\right.", "").replace("\\left", "").replace("\\right", "");
        s = s.replace("^{\\circ}", "").replace("^\\circ", "").replace("°", "");
        s = s.replace("\\$", "").replace("$", "");
        if (containsDigit(s) && !s.startsWith("\\text")) s = TRAILING_UNIT_TEXT.matcher(s).replaceFirst("");
        s = s.replace("\\%", "").replace("%", "");
        s = unwrapText(s);
        Matcher words = TRAILING_UNIT_WORDS.matcher(s.strip());
        if (words.matches()) s = words.group(1);
        s = INFINITY.matcher(s).replaceAll("\\\\infty");
        s = s.replace("\\le ", "\\leq ").replace("\\ge ", "\\geq ");
        s = MEMBER_PREFIX.matcher(s.strip()).replaceFirst("");
        s = s.strip();
        while (s.endsWith(".") && !s.endsWith("..")) s = s.substring(0, s.length() - 1).strip(); // sentence period
        if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
        return s.replaceAll("\\s+", " ");
    }

    /** The reference's "x = 5" to "5": a left side of at most two characters (or x_1, \theta) is a name. */
    static String dropNamePrefix(String element) {
        if (element.indexOf('=') != element.lastIndexOf('=')) return element;
        Matcher m = SHORT_LHS.matcher(element);
        return m.find() ? element.substring(m.end()).strip() : element;
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
