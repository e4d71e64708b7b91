package org.reasonbridge.inference;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.reasonbridge.inference.Evidence.Kind;

/**
 * The {@code UNCERTAINTY} rule: a hedge counts only while it is the thinking's latest stance. Two kinds:
 * <ul>
 * <li>a <em>doubt</em> ("I'm not sure", "unclear", "I may have missed one", "if I remember correctly") counts unless
 *     a check follows it; a doubt about how to proceed ("not sure where to start") is also resolved by further work
 *     that ends in an answer;</li>
 * <li>a <em>tentative</em> word ("maybe", "probably", "I think") counts only when it qualifies a result and
 *     nothing follows it: a "maybe" that proposes a step ("Maybe a recursion works: ...", "maybe I should just
 *     enumerate") is a plan, and one followed by a check or by more calculation has been acted on.</li>
 * </ul>
 */
final class Hedges {
    static final String DOUBTS = "i['’]m not (?:\\w+ )?(?:sure|certain|confident)|i am not (?:\\w+ )?(?:sure|certain|confident)"
            + "|not (?:\\w+ )?(?:sure|certain|confident)|unsure|uncertain|unclear|i don['’]t (?:know|recall|remember)"
            + "|i do not (?:know|recall|remember)|(?:could|might|may) be wrong|i (?:might|may|could) be (?:[\\w-]+ing|off|mistaken)"
            + "|i (?:might|may) have (?:missed|made|mixed|miscounted|misread|forgotten|double-counted)|misremember\\w*"
            + "|tentative|low confidence|confidence\\W{0,4}low|assuming i (?:remember|recall)\\w*"
            + "|if i (?:remember|recall) (?:\\w+ )?correctly|off by one";
    static final String TENTATIVE = "this might be|might be|may be|maybe|perhaps|possibly|probably|i think|i guess"
            + "|i suppose|i believe|it seems|seems like|seems to";
    private static final Pattern DOUBT = Pattern.compile(DOUBTS, Pattern.CASE_INSENSITIVE);
    /** After a hedge, what proposes the next step rather than doubting a result ("should have" looks back: a regret). */
    private static final Pattern PROPOSAL = Pattern.compile("\\b(?:should(?!\\s+have)|shall|let\\s+me|let['’]s|let\\s+us|i['’]ll|i\\s+will"
            + "|we\\s+can|i\\s+can|could\\s+(?:use|try|do|just|instead|apply|look|start|compute|count)|try|use|using|apply"
            + "|works?|helps?|(?:is|be)\\s+(?:the\\s+)?(?:right|best|natural|easiest|simplest)|simpler|easier|quicker|better"
            + "|way\\s+to|approach|method|tool|start|begin|consider|look\\s+at|think\\s+about|focus|plan|idea|trick)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A doubt about how to proceed, which doing the work resolves (a doubt about a fact needs a check). */
    private static final Pattern HOW_TO = Pattern.compile("\\b(?:where\\s+to\\s+(?:start|begin)|how\\s+to\\s+(?:start|begin|proceed|approach|go\\s+on)"
            + "|what\\s+to\\s+do|which\\s+(?:way|method|approach|technique))\\b", Pattern.CASE_INSENSITIVE);
    /** Further work: a formula or calculation. */
    private static final Pattern WORK = Pattern.compile("[=≡]");

    private Hedges() {
    }

    /** Adds an {@code UNCERTAINTY} for each hedge that is still open; {@code text} normalised. */
    static void find(String text, TextSpans.Occurrences checks, List<Evidence> out) {
        Matcher h = StateDetector.HEDGES.matcher(text);
        while (h.find()) {
            if (checks.after(h.end())) continue;
            int sentenceEnd = TextSpans.sentenceEndAfter(text, h.end());
            Matcher work = WORK.matcher(text).region(sentenceEnd, text.length());
            boolean workAfter = work.find();
            if (DOUBT.matcher(h.group()).matches()) {
                boolean howTo = HOW_TO.matcher(text.substring(h.end(), sentenceEnd)).find();
                if (howTo && workAfter && StateDetector.ANSWER_STATEMENT.matcher(text).region(work.end(), text.length()).find()) continue;
            } else {
                // what the hedge goes on to say: "maybe I should enumerate" proposes, "7, I think" qualifies a result
                if (PROPOSAL.matcher(text.substring(h.start(), sentenceEnd)).find() || workAfter) continue;
            }
            out.add(new Evidence(Kind.UNCERTAINTY, h.start(), h.end(), h.group(), "a hedge that no later check or work resolves"));
        }
    }
}
