package org.reasonbridge.inference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches one generation's thinking as it grows and says when the path is unproductive, and where the unproductive
 * stretch began: the one home of the redirect signals, read by the local decode hook and the remote driver alike
 * (through {@link InterventionLoop}). Text rules, examined at every word end (a non-space followed by a space), in
 * text order, so the first place a rule holds is the same whether the text arrives a token or a round at a time:
 * <ul>
 *   <li>{@link Evidence.Kind#LOOP}: a block of 1 to {@code loopMaxWords} words said {@code loopRepeats} times in a row
 *       (a sentence, a line, an n-gram), covering at least {@code loopMinChars} characters; the first copy (from
 *       where the repetition began) is kept, the cut goes where the second begins;</li>
 *   <li>{@link Evidence.Kind#FAILED_CHECKS}: at a sentence end, {@code failedChecks} refuted steps
 *       ({@link StateDetector#errors}: arithmetic claims exact arithmetic refutes, contradictions, neither taken back
 *       by a later revision) since the last redirect, within the last {@value #FAILURE_WINDOW} characters; the first is kept, the cut goes before the sentence of the
 *       second;</li>
 *   <li>{@link Evidence.Kind#NO_PROGRESS}: at a sentence end, {@code stallTokens} thinking tokens since the last
 *       sentence that progressed: one that states a number or an equation the thinking has not stated before, or
 *       draws a conclusion ("so", "therefore", "thus", "hence", "we get", "this means", "answer"); the cut goes
 *       after that sentence.</li>
 * </ul>
 * A cut always lands at the end of a word, so the text kept ends without trailing space. After a redirect, the
 * watch starts again after the spliced phrase, and no rule fires before {@code minGapTokens} tokens have followed it.
 * Only complete words count: a run with no spaces at all (a degenerate character loop) is not seen.
 */
final class PathMonitor {
    /** Cut the thinking at {@code cut} (a character offset) for these reasons. */
    record Found(int cut, List<Evidence> evidence) {
    }

    /** Characters back from a sentence end that the failed-checks rule reads (about a thousand tokens). */
    static final int FAILURE_WINDOW = 4000;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern EQUATION = Pattern.compile("[^\\s=<>]+\\s*=\\s*[^\\s=<>,;.]+");
    private static final Pattern CONCLUSION = Pattern.compile("\\b(?:so|therefore|thus|hence|we get|which gives"
            + "|this (?:means|gives|shows)|answer)\\b", Pattern.CASE_INSENSITIVE);

    private final RedirectConfig config;
    private final StateDetector detector = new StateDetector();
    private final List<String> words = new ArrayList<>();
    private final List<int[]> spans = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int redirects;
    private int from;
    private int scanned;
    private int sentenceStart;
    private int lastProgress;
    private boolean gapOpen = true;

    PathMonitor(RedirectConfig config) {
        this.config = config;
    }

    /** Whether another redirect may happen. */
    boolean active() {
        return config.enabled() && redirects < config.maxRedirects();
    }

    /**
     * Reads {@code thinking} (the text so far; it only grows between calls, but for {@link #redirected}) from where
     * the last call stopped; the first signal found, or null.
     *
     * @param tokens how many thinking tokens a piece of text is (the tokenizer locally, an estimate remotely)
     */
    Found check(String thinking, ToIntFunction<String> tokens) {
        if (!active()) return null;
        for (int p = Math.max(scanned, from + 1); p < thinking.length(); p++) {
            scanned = p + 1;
            if (!Character.isWhitespace(thinking.charAt(p)) || Character.isWhitespace(thinking.charAt(p - 1))) continue;
            int start = p - 1;
            while (start > from && !Character.isWhitespace(thinking.charAt(start - 1))) start--;
            words.add(thinking.substring(start, p).toLowerCase(Locale.ROOT));
            spans.add(new int[]{start, p});
            if (!gapOpen) gapOpen = tokens.applyAsInt(thinking.substring(from, p)) >= config.minGapTokens();
            Found f = gapOpen ? loop(thinking) : null;
            if (f != null) return f;
            char last = thinking.charAt(p - 1);
            if (last == '.' || last == '!' || last == '?' || thinking.charAt(p) == '\n') {
                f = sentenceEnd(thinking, p, tokens);
                sentenceStart = p + 1;
                if (f != null) return f;
            }
        }
        return null;
    }

    /** A redirect was made: the thinking is now cut at {@code cut} and continues after the phrase at {@code resume}. */
    void redirected(String kept, int resume) {
        redirects++;
        from = resume;
        scanned = resume;
        sentenceStart = resume;
        lastProgress = resume;
        words.clear();
        spans.clear();
        seen.clear();
        progress(kept);
        gapOpen = config.minGapTokens() == 0;
    }

    private Found loop(String t) {
        int j = words.size() - 1, k = config.loopRepeats();
        for (int n = 1; n <= config.loopMaxWords() && n * k <= j + 1; n++) {
            int s = j - n * k + 1;
            boolean repeated = true;
            for (int q = s + n; q <= j && repeated; q++) repeated = words.get(q).equals(words.get(q - n));
            int begin = spans.get(s)[0], end = spans.get(j)[1];
            if (repeated && end - begin >= config.loopMinChars()) {
                // the run may have begun earlier (a window found once the gap opened is any rotation of the block):
                // go back to its first word, so the copy kept is the first one said
                while (s > 0 && words.get(s - 1).equals(words.get(s - 1 + n))) s--;
                begin = spans.get(s)[0];
                return new Found(spans.get(s + n - 1)[1], List.of(new Evidence(Evidence.Kind.LOOP, begin, end,
                        t.substring(begin, end), "the same " + n + " word(s) said " + k + " or more times in a row")));
            }
        }
        return null;
    }

    private Found sentenceEnd(String t, int p, ToIntFunction<String> tokens) {
        boolean progressed = progress(t.substring(Math.min(sentenceStart, p), p));
        if (progressed) lastProgress = p;
        if (!gapOpen) return null;
        // the refuted steps of the last few thousand characters: failures that recur are near each other, and a
        // window keeps the scan at each sentence end from growing with the thinking
        int window = Math.max(from, p - FAILURE_WINDOW);
        if (window > from) window = Math.min(p, sentenceAfter(t, window));
        int base = window;
        List<Evidence> errors = detector.errors(t.substring(base, p));
        if (errors.size() >= config.failedChecks()) {
            List<Evidence> at = errors.stream().map(e -> new Evidence(Evidence.Kind.FAILED_CHECKS, e.start() + base,
                    e.end() + base, e.text(), "refuted step (" + e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + "): " + e.explanation())).toList();
            int second = at.stream().mapToInt(Evidence::start).sorted().skip(1).findFirst().orElseThrow();
            int cut = wordEnd(t, Math.max(from, sentenceOf(t, second)));
            return new Found(cut, at);
        }
        int stalled = progressed ? 0 : tokens.applyAsInt(t.substring(lastProgress, p));
        if (stalled >= config.stallTokens()) {
            int begin = lastProgress;
            while (begin < p && Character.isWhitespace(t.charAt(begin))) begin++;
            return new Found(lastProgress, List.of(new Evidence(Evidence.Kind.NO_PROGRESS, begin, p, t.substring(begin, p),
                    stalled + " thinking tokens with no new number, equation or conclusion")));
        }
        return null;
    }

    /** Whether {@code sentence} brings something new; what it states is remembered. */
    private boolean progress(String sentence) {
        boolean news = CONCLUSION.matcher(sentence).find();
        for (Pattern p : List.of(NUMBER, EQUATION)) {
            Matcher m = p.matcher(sentence);
            while (m.find()) news |= seen.add(m.group().replaceAll("\\s+", ""));
        }
        return news;
    }

    /** Where the first sentence at or after {@code at} begins. */
    private static int sentenceAfter(String t, int at) {
        for (int i = at; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\n' || (Character.isWhitespace(c) && i > 0 && ".!?".indexOf(t.charAt(i - 1)) >= 0)) return i + 1;
        }
        return t.length();
    }

    /** Where the sentence holding {@code at} begins (after the last sentence end or line break before it). */
    private static int sentenceOf(String t, int at) {
        for (int i = at - 1; i > 0; i--) {
            char c = t.charAt(i);
            if (c == '\n' || (Character.isWhitespace(c) && ".!?".indexOf(t.charAt(i - 1)) >= 0)) return i + 1;
        }
        return 0;
    }

    /** {@code at} moved back over spaces, so the kept text ends with a word. */
    private int wordEnd(String t, int at) {
        while (at > from && Character.isWhitespace(t.charAt(at - 1))) at--;
        return at;
    }
}
