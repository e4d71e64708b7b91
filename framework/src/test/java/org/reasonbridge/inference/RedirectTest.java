package org.reasonbridge.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirection during generation at the text level: a scripted model writes a word at a time (as a decode hook sees
 * it) through the one decision loop; the table says which traces are redirected, by which signal, where.
 */
class RedirectTest {
    static final String PHRASE = RedirectConfig.PHRASES.get(0);
    static final String COPY = "Bob has 5 apples and gets 3 more.";
    static final String LOOPING = "Let me compute the total. " + (COPY + " ").repeat(6);
    static final String TAIL = " Then 5 + 3 = 8. So the answer is 8.\n";

    /** What the loop did with a script: the final thinking and the redirects. */
    record Run(String thinking, List<Intervention> redirects) {
    }

    /**
     * Drives the loop as a decoder would: the model writes {@code script} a word at a time, and after a redirect
     * writes {@code after} from the phrase on; each step shows the loop the text with the next word.
     */
    static Run drive(InterventionConfig config, String script, String after) {
        InterventionLoop loop = new InterventionLoop(config, t -> new StateDetector().assess(t));
        String thinking = "";
        String source = script;
        int read = 0;
        List<Intervention> redirects = new ArrayList<>();
        while (read < source.length()) {
            int next = read;
            while (next < source.length() && !Character.isWhitespace(source.charAt(next))) next++;
            while (next < source.length() && Character.isWhitespace(source.charAt(next))) next++;
            thinking += source.substring(read, next);
            read = next;
            loop.advance(RemoteForcing.estimate(thinking));
            InterventionLoop.Decision.Redirect r = loop.onProgress(thinking, RemoteForcing::estimate, c -> c, (c, x) -> true);
            if (r != null) {
                redirects.add(r.intervention());
                thinking = thinking.substring(0, r.cut()) + r.splice();
                source = after;
                read = 0;
            }
        }
        return new Run(thinking, redirects);
    }

    static InterventionConfig gii(RedirectConfig r) {
        return InterventionConfig.defaults().withRedirect(r);
    }

    static Stream<Object[]> traces() {
        String enumeration = "Let me check each n. For n = 1, the sum is 1. For n = 2, the sum is 3. For n = 3, the sum is 6. "
                + "For n = 4, the sum is 10. For n = 5, the sum is 15. So the sums are triangular numbers.\n";
        String trial = "Try x = 3: 3^2 + 4^2 = 25, not 24. Try x = 4: 4^2 + 4^2 = 32, not 24. Try x = 2: 2^2 + 4^2 = 20, "
                + "not 24. Hmm, that does not work. Hmm, that does not work either. Let me try negative values.\n";
        String failing = "First 3 * 4 = 13. Next 6 + 7 = 14. Then 9 * 9 = 80. And 2 + 2 = 5. Done.\n";
        String prose = "I need to think about the structure here carefully. There are several ideas worth trying out. "
                + "One idea is to look at the general shape of the problem. Another idea is to look at small cases first. "
                + "It is worth being careful about what the question really asks. It helps to restate it in other words. "
                + "The key point is to find an invariant of some kind. An invariant would make everything much simpler.\n";
        String table = "| 0 | 0 | 0 |\n| 0 | 0 | 0 |\n| 0 | 0 | 0 |\nThe matrix is zero, so its rank is 0.\n";
        RedirectConfig d = RedirectConfig.defaults();
        return Stream.of(
                // name, config, script, expected signal (null: never redirected), expected kept text before the phrase
                new Object[]{"looping sentence", d, LOOPING, Evidence.Kind.LOOP, "Let me compute the total. " + COPY},
                new Object[]{"looping n-gram", d, "We have x = " + "2 + ".repeat(20) + "2.\n", Evidence.Kind.LOOP,
                        "We have x = " + "2 + ".repeat(6).strip()},
                new Object[]{"enumeration", d, enumeration, null, null},
                new Object[]{"trial and check", d, trial, null, null},
                new Object[]{"zero matrix", d, table, null, null},
                new Object[]{"failed checks", d, failing, Evidence.Kind.FAILED_CHECKS, "First 3 * 4 = 13."},
                new Object[]{"stall", d.withStallTokens(60), prose, Evidence.Kind.NO_PROGRESS, ""},
                new Object[]{"prose under the stall limit", d, prose, null, null},
                new Object[]{"off", RedirectConfig.off(), LOOPING, null, null});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void aTraceIsRedirectedOnceWhereItsUnproductiveStretchBegins(String name, RedirectConfig config, String script,
                                                                Evidence.Kind signal, String kept) {
        Run run = drive(gii(config), script, TAIL);
        if (signal == null) {
            assertEquals(List.of(), run.redirects(), name);
            assertEquals(script, run.thinking());
            return;
        }
        assertEquals(1, run.redirects().size(), name);
        Intervention r = run.redirects().get(0);
        assertEquals(Intervention.REDIRECT, r.kind());
        assertEquals(signal, r.evidence().get(0).kind(), r::toString);
        assertEquals(kept.length(), r.position(), "cut where the unproductive stretch begins");
        String splice = kept.isEmpty() ? PHRASE : " " + PHRASE;
        assertEquals(kept + splice + TAIL, run.thinking());
        assertEquals(splice, r.phrase());
        assertTrue(r.removed() > 0);
        assertEquals(Intervention.REDIRECT, r.toJson().get("kind"));
    }

    /**
     * A model that keeps looping after every redirect: exactly maxRedirects; the next one keeps the first copy after
     * the phrase, and with a gap longer than three copies it fires later (cutting more).
     */
    @Test
    void limitsHold() {
        String loopForever = (COPY + " ").repeat(12);
        int[][] cases = {{1, 0}, {2, 0}, {3, 0}, {2, 30}, {0, 0}};
        for (int[] c : cases) {
            int max = c[0], gap = c[1];
            Run run = drive(gii(RedirectConfig.defaults().withMaxRedirects(max).withMinGapTokens(gap)), loopForever,
                    " " + loopForever);
            assertEquals(max, run.redirects().size(), "max " + max + ", gap " + gap);
            if (max > 0) assertEquals(COPY.length(), run.redirects().get(0).position());
            for (int i = 1; i < run.redirects().size(); i++) {
                Intervention prev = run.redirects().get(i - 1);
                int phraseEnd = prev.position() + prev.phrase().length();
                Intervention r = run.redirects().get(i);
                assertEquals(phraseEnd + COPY.length() + 1, r.position(), "max " + max + ", gap " + gap);
                // no gap: it fires as the third copy completes (two cut, with the space after); a gap: once the text
                // after the phrase is that many tokens long
                int copiesCut = 2 * (COPY.length() + 1) + 1;
                if (gap == 0) assertEquals(copiesCut, r.removed(), "max " + max);
                else assertTrue(r.removed() > copiesCut && RemoteForcing.estimate(" " + COPY + "x".repeat(r.removed())) >= gap);
            }
        }
    }

    /** Redirects have their own limit: K stop interventions are still available after them. */
    @Test
    void redirectsDoNotUseUpK() {
        InterventionLoop loop = new InterventionLoop(InterventionConfig.defaults().withMaxInterventions(1),
                t -> new StateDetector().assess(t));
        assertTrue(loop.onProgress(LOOPING, RemoteForcing::estimate, c -> c, (c, x) -> true) != null);
        assertTrue(loop.onEndAttempt("So x is", 10, p -> 0) instanceof InterventionLoop.Decision.Intervene);
    }

    /** A redirect whose splice the driver says would overrun the thinking budget is not made (nor counted). */
    @Test
    void aRedirectThatWouldNotFitIsNotMade() {
        InterventionLoop loop = new InterventionLoop(InterventionConfig.defaults(), t -> new StateDetector().assess(t));
        assertEquals(null, loop.onProgress(LOOPING, RemoteForcing::estimate, c -> c, (c, x) -> false));
        assertEquals(List.of(), loop.interventions());
        assertTrue(loop.watching(), "the redirects left are not used up");
    }

    @Test
    void configIsValidated() {
        RedirectConfig d = RedirectConfig.defaults();
        assertEquals(List.of(2, 256, 3, 60, 64, 3, 1024, 256), List.of(d.maxRedirects(), d.minGapTokens(), d.loopRepeats(),
                d.loopMinChars(), d.loopMaxWords(), d.failedChecks(), d.stallTokens(), d.roundTokens()));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxRedirects(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withStallTokens(0));
        assertThrows(IllegalArgumentException.class, () -> d.withPhrases(List.of()));
        assertThrows(IllegalArgumentException.class, () -> d.withPhrases(List.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> new RedirectConfig(1, 0, 1, 60, 64, 3, 10, 10, RedirectConfig.PHRASES));
        assertThrows(IllegalArgumentException.class, () -> RedirectConfig.fromJson(java.util.Map.of("loops", 2), d));
        assertEquals(d.withMaxRedirects(5), RedirectConfig.fromJson(java.util.Map.of("max_redirects", 5), d));
        assertEquals(false, InterventionConfig.onePhrase("Wait", 2, 100).redirect().enabled(), "s1 has no redirection");
        assertEquals(d.toJson(), InterventionConfig.defaults().toJson().get("redirect"));
    }
}
