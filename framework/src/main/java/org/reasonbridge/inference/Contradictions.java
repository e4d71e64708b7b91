package org.reasonbridge.inference;

import org.reasonbridge.exact.Rational;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.reasonbridge.inference.Evidence.Kind;

/**
 * The {@code CONTRADICTION} rule: the same quantity asserted with two different values in the same scope, with no
 * revision between them. What is not a contradiction is the point of the rule's shape:
 * <ul>
 * <li>a variable being iterated ("For n = 1, the sum is 1. For n = 2, ...", "x = 9: 1944, not a square",
 *     "n = 44 gives 9", "n = 4, the sum is 10") is a parameter, not a claim, and each new value opens a new scope;</li>
 * <li>a case or hypothesis ("Case 2:", "If ...", "Suppose ...", "Try ...") opens a new scope, so values from
 *     different cases never meet;</li>
 * <li>a sentence that is itself hypothetical or lists alternatives ("x = 2 or x = -2 are the roots") asserts
 *     nothing;</li>
 * <li>a list of values ({@code k = 1, 3, 5}, "n = 8 and n = 23 work") is a set, not one value.</li>
 * </ul>
 */
final class Contradictions {
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![A-Za-z0-9_\\\\^.])([A-Za-z])\\s*=\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern ANSWER_VALUE = Pattern.compile("\\\\boxed\\{([^}]*)}|\\banswer\\s*(?:is|=|:)\\s*\\$?"
            + "(?:\\\\boxed\\{([^}]*)}|\\(?(-?\\d+(?:[./]\\d+)?|[A-E])\\)?(?![A-Za-z0-9]))", Pattern.CASE_INSENSITIVE);
    /** The word just before a variable that makes it a parameter being tried, not a result: "for n = 2", "try x = 3". */
    private static final Pattern PARAMETER_BEFORE = Pattern.compile("\\b(?:for|with|at|try|trying|take|taking|set|setting"
            + "|put|putting|let|when|if|plug(?:ging)?(?:\\s+in)?|substitut\\w*|test\\w*|check\\w*|each|every|from|case"
            + "|consider\\w*)\\s*[:,]?\\s*$", Pattern.CASE_INSENSITIVE);
    /** What follows a parameter's value: "n = 2: 5", "x = 9 gives", "k = 3 → 35", "n = 4, the sum is". */
    private static final Pattern PARAMETER_AFTER = Pattern.compile("^\\s*(?::|→|⇒|->|=>|,\\s*the\\b"
            + "|(?:gives|give|yields|yield|makes|leads\\s+to|produces|results\\s+in)\\b)", Pattern.CASE_INSENSITIVE);
    /** A sentence that opens a new case, hypothesis or trial: values before it do not bind after it. */
    private static final Pattern SCOPE = Pattern.compile("(?:^|\\n|[.!?:]\\s)[\\s*_#>\\-\\d.()]*(?:sub-?)?(?:case|if|suppose"
            + "|assume|assuming|when|for|try|trying|consider|otherwise|now\\s+(?:suppose|take|let|try|consider))\\b",
            Pattern.CASE_INSENSITIVE);

    private Contradictions() {
    }

    /** Adds a {@code CONTRADICTION} for each value that conflicts with the last one in its scope; {@code text} normalised. */
    static void find(String text, TextSpans.Occurrences revisions, List<Evidence> out) {
        record Value(String value, int start, int end) {
        }
        Map<String, Value> last = new HashMap<>();
        TextSpans.Occurrences scopes = new TextSpans.Occurrences(SCOPE, text);
        int previousEnd = 0;
        Matcher m = ASSIGNMENT.matcher(text);
        while (m.find()) {
            if (!standalone(text, m)) continue;
            if (scopes.within(previousEnd, m.start() + 1)) last.clear();
            previousEnd = m.end();
            if (parameter(text, m)) {
                last.clear();   // a new trial: what held for the last value of the parameter says nothing now
                continue;
            }
            String sentence = TextSpans.sentenceAround(text, m.start());
            if (StateDetector.HYPOTHETICAL.matcher(sentence).find() || valueSet(text, m)) continue;
            String value = Rational.parse(m.group(2)).toString();
            Value before = last.put(m.group(1), new Value(value, m.start(), m.end()));
            if (before != null && !before.value.equals(value) && !revisions.within(before.end, m.start())) {
                out.add(new Evidence(Kind.CONTRADICTION, m.start(), m.end(), m.group(),
                        m.group(1) + " was " + before.value + " earlier, with no correction in between"));
            }
        }
        Value answer = null;
        Matcher a = ANSWER_VALUE.matcher(text);
        while (a.find()) {
            if (StateDetector.HYPOTHETICAL.matcher(TextSpans.sentenceAround(text, a.start())).find()) continue;
            String raw = a.group(1) != null ? a.group(1) : a.group(2) != null ? a.group(2) : a.group(3);
            String value = raw.replaceAll("[\\s$()]", "").replaceAll("\\.$", "").toLowerCase(Locale.ROOT);
            if (answer != null && !answer.value.equals(value) && !revisions.within(answer.end, a.start())) {
                out.add(new Evidence(Kind.CONTRADICTION, a.start(), a.end(), a.group(),
                        "the answer was " + answer.value + " earlier, with no correction in between"));
            }
            answer = new Value(value, a.start(), a.end());
        }
    }

    /** {@code n = 2} tried rather than concluded: a cue word before it, a colon or "gives" after it, or a list of values. */
    private static boolean parameter(String text, Matcher m) {
        int sentence = TextSpans.sentenceStart(text, m.start());
        String before = text.substring(Math.max(sentence, m.start() - 30), m.start()).replaceAll("[*_$(]+\\s*$", "");
        if (PARAMETER_BEFORE.matcher(before).find()) return true;
        String after = text.substring(m.end(), Math.min(text.length(), m.end() + 30));
        if (after.matches("(?s)^\\s*,\\s*-?\\d.*")) return true;   // k = 1, 3, 5: a set of values
        return PARAMETER_AFTER.matcher(after).find();
    }

    /** "So n = 8 and n = 23 work": values of one variable joined by "and", "or" or commas list a set. */
    private static boolean valueSet(String text, Matcher m) {
        Matcher after = JOINED_AFTER.matcher(text).region(m.end(), Math.min(text.length(), m.end() + 40));
        if (after.lookingAt() && after.group(1).equals(m.group(1))) return true;
        Matcher before = JOINED_BEFORE.matcher(text).region(Math.max(0, m.start() - 40), m.start());
        return before.find() && before.group(1).equals(m.group(1));
    }

    private static final String JOINT = "\\s*(?:,\\s*(?:and|or)?|and|or)\\s*";
    private static final Pattern JOINED_AFTER = Pattern.compile(JOINT + "([A-Za-z])\\s*=\\s*-?\\d");
    private static final Pattern JOINED_BEFORE = Pattern.compile("(?<![A-Za-z0-9_])([A-Za-z])\\s*=\\s*-?\\d+(?:\\.\\d+)?" + JOINT + "$");

    /** {@code x = 3} alone: not part of an equation ({@code 2 + x = 5}) nor followed by more terms ({@code x = 3 + y}). */
    private static boolean standalone(String text, Matcher m) {
        int b = m.start() - 1;
        while (b >= 0 && text.charAt(b) == ' ') b--;
        if (b >= 0 && "+-*/^×·÷(=<>≤≥".indexOf(text.charAt(b)) >= 0) return false;
        int e = m.end();
        if (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '/')) return false;
        while (e < text.length() && text.charAt(e) == ' ') e++;
        return e >= text.length() || "+-*/^×·÷(=".indexOf(text.charAt(e)) < 0;
    }
}
