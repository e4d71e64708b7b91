package org.reasonbridge.grading;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers that name what they give, read as Math-Verify reads them: a tuple of names ({@code (p,q)=(3,2)} is the
 * tuple {@code (3,2)}), a ratio of names ({@code V_1:V_2=11:21} is {@code 11:21}, {@code \frac{NO}{BO}=\frac{1}{\sqrt6}}
 * is the fraction), and {@code \pm} ({@code \pm 2021} is the set {@code \{2021, -2021\}}). Each rule asks for the
 * exact form, so an answer that only looks like one is left alone; the patterns are linear in the input.
 */
final class NamedAnswers {
    /** One name: a letter or two, a subscripted letter ({@code V_{1}}, {@code S_{MBCN}}), a Greek letter. */
    private static final String NAME = "(?:[a-zA-Z][a-zA-Z0-9]?|[a-zA-Z]_\\{?\\w+\\}?|\\\\[a-z]+)";
    /** {@code (p, q) =}, {@code (x; y; z) =}: names only, at least two. */
    private static final Pattern TUPLE_NAMES = Pattern.compile("^\\(\\s*" + NAME + "(?:\\s*[,;]\\s*" + NAME + ")+\\s*\\)\\s*=(?!=)");
    /** {@code V_1 : V_2 =}, {@code \frac{NO}{BO} =}: a ratio of names (segments up to four capitals). */
    private static final Pattern RATIO_NAMES = Pattern.compile("^(?:" + NAME + "\\s*:\\s*" + NAME
            + "|\\\\frac\\{(?:[A-Z]{1,4}|" + NAME + ")\\}\\{(?:[A-Z]{1,4}|" + NAME + ")\\})\\s*=(?!=)");
    private static final Pattern PM = Pattern.compile("\\\\pm(?![a-zA-Z])|±");

    private NamedAnswers() {
    }

    /**
     * The value after a tuple or ratio of names, when {@code s} (normalised) is one such equation and the value has
     * the named form: as many tuple elements as names, or a ratio for a ratio. Empty otherwise.
     */
    static Optional<Named> of(String s, Deadline d) {
        if (s.indexOf('=') != s.lastIndexOf('=')) return Optional.empty();
        Matcher t = TUPLE_NAMES.matcher(s);
        if (t.find()) {
            String names = s.substring(0, t.end() - 1).strip(), value = s.substring(t.end()).strip();
            int count = Shape.split(names.substring(1, names.length() - 1).replace(';', ','), ",", d).size();
            Shape v = Shape.of(value.replace(';', ','), d);
            if (v.kind() == Shape.Kind.BRACKETED && v.parts().size() == count) return Optional.of(new Named(names, value.replace(';', ',')));
            return Optional.empty();
        }
        Matcher r = RATIO_NAMES.matcher(s);
        if (r.find()) {
            String names = s.substring(0, r.end() - 1).strip(), value = s.substring(r.end()).strip();
            boolean ratio = names.indexOf(':') >= 0;
            if (!value.isEmpty() && (!ratio || Shape.split(value, ":", d).size() == 2)) return Optional.of(new Named(names, value));
        }
        return Optional.empty();
    }

    /** What an answer names ({@code (p,q)}, {@code V_1:V_2}) and the value it gives. */
    record Named(String names, String value) {
    }

    /** {@code a \pm b} as the set of both signs, when {@code s} has exactly one {@code \pm}; else empty. */
    static Optional<String> plusMinus(String s) {
        Matcher m = PM.matcher(s);
        if (!m.find()) return Optional.empty();
        int start = m.start(), end = m.end();
        if (m.find()) return Optional.empty();
        String before = s.substring(0, start), after = s.substring(end);
        boolean leading = before.isBlank() || before.strip().endsWith("=");
        return Optional.of("\\{" + before + (leading ? "" : "+") + after + ", " + before + "-" + after + "\\}");
    }
}
