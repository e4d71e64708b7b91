package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * GII and budget forcing on a tiny random model. A random model never writes {@code </think>}, so each test makes
 * a token or a two-token string the model really produces often (found by a plain greedy run) the end of thinking.
 */
class LocalInterventionTest {
    private static final String PROBLEM = "Bob has 5 apples and Carol gives him 3. How many apples does Bob have?";
    private static Model model;
    private static Tokenizer tok;
    private static int[] prompt;
    private static int[] baseline;

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.model("qwen2-tiny"));
        tok = model.tokenizer();
        prompt = tok.encode(PROBLEM + "\n<think>\n");
        baseline = generate(96, Set.of(), DecodeHook.NONE).generatedIds();
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    private static Generation generate(int max, Set<Integer> stops, DecodeHook hook) {
        GenerationConfig config = GenerationConfig.greedy(max).withStopTokenIds(stops);
        return model.generator().generate(List.of(prompt), config, hook, TokenListener.NONE).get(0);
    }

    /** The first token of the plain run, after its first, that the run repeats at least three times. */
    private static int frequentToken() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int t : baseline) counts.merge(t, 1, Integer::sum);
        for (int i = 1; i < baseline.length; i++) {
            if (baseline[i] != baseline[0] && counts.get(baseline[i]) >= 3) return baseline[i];
        }
        assumeTrue(false, "the plain run repeats no token three times");
        return -1;
    }

    /** Where the plain run first emits {@code token}: the model's first attempt to end thinking there. */
    private static int firstAttempt(int token) {
        return indexOf(baseline, new int[]{token}, 0);
    }

    /** A string of two tokens of the plain run that occurs at least twice there and in no phrase. */
    private static String frequentTwoTokenString(InterventionConfig config) {
        String text = tok.decode(baseline);
        for (int i = 0; i + 1 < baseline.length; i++) {
            String s = tok.decode(new int[]{baseline[i], baseline[i + 1]});
            if (s.length() < 2 || s.isBlank() || s.contains("\uFFFD") || tok.encode(s).length < 2) continue;
            boolean inPhrase = false;
            for (ReasoningState st : List.of(ReasoningState.PARTIAL, ReasoningState.UNCERTAIN, ReasoningState.UNVERIFIED)) {
                for (String p : config.phrases(st)) inPhrase |= p.contains(s);
            }
            if (!inPhrase && !ThinkingFormat.endingAt(s).forcedAnswer().substring(1 + s.length()).contains(s)
                    && text.indexOf(s) != text.lastIndexOf(s)) return s;
        }
        assumeTrue(false, "no repeated two-token string in the plain run");
        return null;
    }

    private static int indexOf(int[] hay, int[] needle, int from) {
        for (int i = from; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        return -1;
    }

    /** Checks what every local run must satisfy; returns where thinking ended (natural or forced). */
    private static int checkRun(Generation g, List<Intervention> interventions, int forcedAt, InterventionConfig config,
                                ThinkingFormat format, boolean assessedByDetector) {
        int[] ids = g.generatedIds();
        Map<ReasoningState, Integer> used = new EnumMap<>(ReasoningState.class);
        for (Intervention iv : interventions) {
            // the phrase sits at its recorded position, and is the next one of its state's rotation
            int[] phrase = tok.encode(iv.phrase());
            assertArrayEquals(phrase, Arrays.copyOfRange(ids, iv.position(), iv.position() + phrase.length), iv::toString);
            assertEquals(config.phrase(iv.state(), used.merge(iv.state(), 1, Integer::sum) - 1), iv.phrase());
            assertEquals(iv.position(), iv.thinkingTokens());
            if (assessedByDetector) {
                String before = format.thinkingOf(tok.decode(Arrays.copyOf(ids, iv.position())));
                assertEquals(new StateDetector().assess(before, PROBLEM).state(), iv.state(), "recorded state is the detector's");
            }
        }
        assertTrue(interventions.size() <= config.maxInterventions());
        String lastPhraseEnd = interventions.isEmpty() ? "" : tok.decode(Arrays.copyOf(ids,
                interventions.get(interventions.size() - 1).position() + tok.encode(interventions.get(interventions.size() - 1).phrase()).length));
        int end;
        if (forcedAt >= 0) {
            int[] forced = tok.encode(format.forcedAnswer());
            assertArrayEquals(forced, Arrays.copyOfRange(ids, forcedAt, forcedAt + forced.length), "forced end and lead-in");
            assertTrue(g.text().contains(format.end() + format.answerSeparator() + ThinkingFormat.FINAL_ANSWER));
            end = forcedAt;
        } else {
            String thinkingText = g.text();
            int at = format.endTokenId() >= 0 ? indexOf(ids, new int[]{format.endTokenId()}, 0) : -1;
            if (at < 0) {
                int chars = thinkingText.indexOf(format.end());
                assertTrue(chars >= 0, "thinking ended somehow");
                at = 0;
                while (!tok.decode(Arrays.copyOf(ids, at + 1)).contains(format.end())) at++;
            }
            end = at;
            assertEquals(config.maxInterventions(), interventions.size(), "a natural end only after K interventions");
        }
        // the end of thinking never appeared before the last intervention
        assertFalse(lastPhraseEnd.contains(format.end()), lastPhraseEnd);
        assertTrue(end <= config.thinkingBudget(), "thinking tokens " + end + " within budget " + config.thinkingBudget());
        return end;
    }

    /** {@code margin}: budget minus the position of the first attempt; 0 forces the end right there. */
    @ParameterizedTest(name = "[{index}] token end, K={0}, budget=first attempt+{1}")
    @CsvSource({"1, 60, true", "3, 60, true", "8, 20, true", "3, 0, false"})
    void interventionsReplaceTheEndTokenUntilKOrTheBudget(int k, int margin, boolean intervenes) {
        int end = frequentToken();
        int budget = firstAttempt(end) + margin;
        ThinkingFormat format = ThinkingFormat.QWEN3.withEnd(tok.decode(new int[]{end}), end);
        InterventionConfig config = InterventionConfig.defaults().withMaxInterventions(k).withThinkingBudget(budget);
        InterventionPolicy policy = new InterventionPolicy(tok, format, config, PROBLEM);
        Generation g = generate(budget + 40, Set.of(), policy);
        assertEquals(intervenes, !policy.interventions().isEmpty(), "the model proposed its frequent token");
        if (!intervenes) assertEquals(budget, policy.forcedAt(0), "no room for a phrase: forced at the budget");
        int thinkingEnd = checkRun(g, policy.interventions(), policy.forcedAt(0), config, format, true);
        int[] ids = g.generatedIds();
        int first = indexOf(ids, new int[]{end}, 0);
        assertTrue(first < 0 || first >= thinkingEnd, "no end token inside the thinking");
    }

    @ParameterizedTest(name = "[{index}] string end, K={0}, budget={1}")
    @CsvSource({"2, 80", "4, 30"})
    void aDelimiterSpanningTokensIsCaughtBeforeItCompletes(int k, int budget) {
        InterventionConfig config = InterventionConfig.defaults().withMaxInterventions(k).withThinkingBudget(budget);
        String delimiter = frequentTwoTokenString(config);
        ThinkingFormat format = ThinkingFormat.endingAt(delimiter).resolve(tok);
        assertEquals(-1, format.endTokenId(), "not one token in this vocabulary");
        InterventionPolicy policy = new InterventionPolicy(tok, format, config, PROBLEM);
        Generation g = generate(budget + 40, Set.of(), policy);
        assertFalse(policy.interventions().isEmpty(), "the model wrote '" + delimiter + "' in the plain run");
        int thinkingEnd = checkRun(g, policy.interventions(), policy.forcedAt(0), config, format, true);
        String thinking = tok.decode(Arrays.copyOf(g.generatedIds(), thinkingEnd));
        assertFalse(thinking.contains(delimiter), "the delimiter never completes inside the thinking: " + thinking);
    }

    @Test
    void anEndOfSequenceWhileThinkingIsAnAttemptToEnd() {
        int eos = frequentToken();
        InterventionConfig config = InterventionConfig.defaults().withMaxInterventions(2).withThinkingBudget(60);
        InterventionPolicy policy = new InterventionPolicy(tok, ThinkingFormat.QWEN3, config, PROBLEM)
                .withEndOfSequence(Set.of(eos));
        Generation g = generate(100, Set.of(eos), policy);
        assertEquals(2, policy.interventions().size(), "both interventions used on end-of-sequence proposals");
        int forcedAt = policy.forcedAt(0);
        assertTrue(forcedAt >= 0, "the end of sequence was turned into the forced end of thinking");
        checkRun(g, policy.interventions(), forcedAt, config, ThinkingFormat.QWEN3, true);
        assertTrue(g.text().contains("</think>\n\nFinal Answer:"), g.text());
    }

    @ParameterizedTest(name = "[{index}] s1 budget forcing, N={0}, budget=first attempt+{1}")
    @CsvSource({"1, 60", "2, 60", "6, 12"})
    void budgetForcingAppendsWaitThenForcesTheAnswer(int ignores, int margin) {
        int end = frequentToken();
        int budget = firstAttempt(end) + margin;
        ThinkingFormat format = ThinkingFormat.QWEN3.withEnd(tok.decode(new int[]{end}), end);
        BudgetForcing forcing = new BudgetForcing(tok, format, ignores, budget);
        Generation g = generate(budget + 40, Set.of(), forcing);
        List<Intervention> waits = forcing.waits(0);
        assertFalse(waits.isEmpty());
        assertTrue(waits.stream().allMatch(w -> w.phrase().equals("Wait") && w.state() == ReasoningState.PARTIAL));
        InterventionConfig asConfig = new InterventionConfig(ignores, budget, List.of("Wait"), List.of("Wait"), List.of("Wait"));
        int thinkingEnd = checkRun(g, waits, forcing.forcedAt(0), asConfig, format, false);
        assertEquals(thinkingEnd, forcing.thinkingTokens(0));
        int first = indexOf(g.generatedIds(), new int[]{end}, 0);
        assertTrue(first < 0 || first >= thinkingEnd);
        assertNotEquals(0, thinkingEnd);
    }
}
