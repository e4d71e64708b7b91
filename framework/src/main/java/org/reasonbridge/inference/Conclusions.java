package org.reasonbridge.inference;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether the thinking states its final answer: an explicit answer statement anywhere ("the answer is",
 * "Answer:", "**Final Answer:**", {@code \boxed{}}), or a conclusion among its last sentences that gives a value
 * ("So the only pair is (27, 36).", "So x = 7 or x = -3.", "The son is 12.", "**Solution:** -1 < x < 4."; the last
 * sentence also "(x - 3)(x - 4) = 0, so x = 3 or x = 4."), or the
 * end of a proof. Sentences that check a result ("Check: 23 + 24 + 25 = 72.") are skipped when looking for the
 * last one, so a check after the answer does not hide it, and so are sentences inside a case ("Case x < 0: ...,
 * so x = -3."), whose value answers the case, not the problem.
 */
final class Conclusions {
    /** A value: numbers, roots, tuples and sets with operators but no variables, then at most two short unit words. */
    private static final String VALUE = "[-$±]?(?:\\(?-?[\\d√π][^a-zA-Z\\n]*?[\\d)}π]|[\\d√π]|\\{[^}\\n]*})"
            + "(?:\\s*[a-zA-Z/²³°%]{1,6}){0,2}";
    private static final String VAR_VALUE = "[A-Za-z]\\s*=\\s*" + VALUE;
    /** A function found: "f(x) = x + c". */
    private static final String FUNCTION = "[A-Za-z]\\([A-Za-z]\\)\\s*=\\s*[^=]+";
    private static final String END = "\\s*[.!]?\\s*$";
    /** After "so/thus/hence/therefore": "... is V" or "x = V (or x = W)" up to the end of the sentence. */
    private static final String SO_TAIL = "(?:so|thus|hence|therefore)\\b,?\\s+(?:.*?\\b(?:is|are|equals)\\s+" + VALUE
            + "|(?:.*?\\s)?" + VAR_VALUE + "(?:\\s*(?:,|or|and)\\s*(?:" + VAR_VALUE + "|" + VALUE + "))*|" + FUNCTION + ")" + END;
    /** A sentence that opens with the conclusion word. */
    private static final Pattern SO_IS = Pattern.compile("^[\\W]*" + SO_TAIL, Pattern.CASE_INSENSITIVE);
    /** The last sentence may reach it after a clause: "(x - 3)(x - 4) = 0, so x = 3 or x = 4." */
    private static final Pattern CLAUSE_SO_IS = Pattern.compile(",\\s*" + SO_TAIL, Pattern.CASE_INSENSITIVE);
    /** "The son is 12." as the last sentence. */
    private static final Pattern THE_IS = Pattern.compile("^[\\W]*(?:the|its|their|his|her|our)\\s+[\\w\\s'’-]{1,40}?\\s+(?:is|are|was|were|equals)\\s+"
            + VALUE + END, Pattern.CASE_INSENSITIVE);
    /** "**Solution:** -1 < x < 4." as the last sentence. */
    private static final Pattern LABELLED = Pattern.compile("^[\\W]*(?:solution|result)s?\\b[*_]*\\s*[:=].*\\d", Pattern.CASE_INSENSITIVE);
    /** "x = 3 or x = 4." as the last line: a solution set. */
    private static final Pattern SOLUTION_SET = Pattern.compile("^[\\W]*" + VAR_VALUE + "(?:\\s*(?:,|or|and)\\s*" + VAR_VALUE + ")+" + END);
    private static final Pattern PROOF_END = Pattern.compile("∎|□|\\bQ\\.?E\\.?D\\b|\\b(?:which|this)\\s+(?:proves|completes)\\b"
            + "|\\bas\\s+(?:required|claimed|desired)\\b", Pattern.CASE_INSENSITIVE);
    /** A sentence inside one case ("Case 3x - 1 >= 0: ..., so x = 3.") concludes the case, not the problem. */
    private static final Pattern CASE = Pattern.compile("^[\\W\\d]*(?:sub-?)?(?:case|if|suppose|when|assume)\\b", Pattern.CASE_INSENSITIVE);
    /** How many of the last sentences may hold a "so ... is V" conclusion (a remark may follow it). */
    private static final int LAST = 3;

    private Conclusions() {
    }

    /** Whether {@code text} (normalised) states a final answer. */
    static boolean stated(String text) {
        if (StateDetector.ANSWER_STATEMENT.matcher(text).find()) return true;
        List<String> sentences = TextSpans.sentences(text).stream()
                .filter(s -> !StateDetector.VERIFICATION.matcher(s).find() && !CASE.matcher(s).find()).toList();
        if (sentences.isEmpty()) return false;
        String last = sentences.get(sentences.size() - 1);
        if (THE_IS.matcher(last).find() || CLAUSE_SO_IS.matcher(last).find() || LABELLED.matcher(last).find() || SOLUTION_SET.matcher(last).find()) return true;
        for (String s : sentences.subList(Math.max(0, sentences.size() - LAST), sentences.size())) {
            if (SO_IS.matcher(s).find() || PROOF_END.matcher(s).find()) return true;
        }
        return false;
    }
}
