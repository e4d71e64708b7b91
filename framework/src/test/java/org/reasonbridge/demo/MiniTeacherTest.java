package org.reasonbridge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.QualityFilter;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.inference.ReasoningState;
import org.reasonbridge.inference.StateDetector;
import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.levels.SegmentedTrace;
import org.reasonbridge.levels.TagSegmenter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mini teacher's traces against the project's own readers: the tag segmenter, the quality filter, the state detector. */
class MiniTeacherTest {
    private static final QualityFilter QUALITY = QualityFilter.defaults();
    private static final TagSegmenter TAGS = TagSegmenter.create();

    static Stream<Arguments> domainsAndLevels() {
        return Arrays.stream(MiniDomain.values()).flatMap(d -> IntStream.rangeClosed(1, 5).mapToObj(l -> Arguments.of(d, l)));
    }

    private static List<Exercise> sample(MiniDomain d, int level, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Exercise> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(d.generate(r, level));
        return out;
    }

    private static Decision quality(Exercise e, MiniTeacher.Reply reply) {
        Problem p = new Problem("p", e.text(), e.answer());
        return QUALITY.check(p, new Trace("p", "mini", reply.thinking(), reply.response(), reply.finishReason(), -1, -1));
    }

    /** Clean traces, with rechecks and corrected slips at high rates: well tagged, kept, and complete to the detector. */
    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("domainsAndLevels")
    void cleanTracesAreWellTaggedKeptAndComplete(MiniDomain d, int level) {
        MiniTeacher teacher = new MiniTeacher(TeacherStyle.defaults().withoutFlaws().withCorrections(0.4, 0.4));
        for (Exercise e : sample(d, level, 20, 600 + level)) {
            MiniTeacher.Reply reply = teacher.answer(e.text());
            assertNull(reply.flaw());
            SegmentedTrace s = TAGS.segment(e.text(), reply.thinking());
            assertFalse(TagSegmenter.hasTags(s.text()), s.text());
            Set<String> sources = s.spans().stream().map(LevelSpan::source).collect(Collectors.toSet());
            assertEquals(Set.of(LevelSpan.TAGGED), sources, "every part of the thinking is tagged: " + reply.thinking());
            assertEquals(3, s.spans().stream().map(LevelSpan::level).distinct().count(), reply.thinking());
            assertEquals("kept", quality(e, reply).reason(), reply.thinking() + "\n" + reply.response());
            assertEquals(ReasoningState.COMPLETE, new StateDetector().assess(s.text(), e.text()).state(), s.text());
            assertTrue(reply.response().endsWith("\\boxed{" + e.answer() + "}."), reply.response());
        }
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("domainsAndLevels")
    void eachFlawIsDroppedForItsOwnReason(MiniDomain d, int level) {
        List<Exercise> sample = sample(d, level, 6, 700 + level);
        for (Flaw f : Flaw.values()) {
            MiniTeacher teacher = new MiniTeacher(TeacherStyle.defaults().alwaysFlawed(f));
            for (Exercise e : sample) {
                MiniTeacher.Reply reply = teacher.answer(e.text());
                assertEquals(f, reply.flaw(), e.text());
                Decision q = quality(e, reply);
                assertEquals(f.rule().reason(), q.reason(), f + " on " + e.text() + "\n" + reply.thinking() + "\n" + reply.response() + "\n" + q);
            }
        }
    }

    @Test
    void theStyleSetsTheShareOfFlawsAndCorrections() {
        MiniTeacher teacher = new MiniTeacher(TeacherStyle.defaults());
        SplittableRandom r = new SplittableRandom(1);
        Map<Flaw, Integer> flaws = new EnumMap<>(Flaw.class);
        int n = 3000, clean = 0, rechecks = 0, slips = 0;
        for (int i = 0; i < n; i++) {
            List<MiniDomain> trained = MiniDomain.trained();
            Exercise e = trained.get(i % trained.size()).generate(r, 1 + i % 3);
            MiniTeacher.Reply reply = teacher.answer(e.text());
            if (reply.flaw() != null) {
                flaws.merge(reply.flaw(), 1, Integer::sum);
                continue;
            }
            clean++;
            rechecks += reply.thinking().contains("Wait, let me recheck: ") ? 1 : 0;
            slips += reply.thinking().contains("Wait, that is wrong: ") ? 1 : 0;
        }
        for (Flaw f : Flaw.values()) {
            double share = flaws.getOrDefault(f, 0) / (double) n, want = TeacherStyle.defaults().flawRates().get(f);
            assertEquals(want, share, 0.012, f + ": " + share);
        }
        assertEquals(0.15, rechecks / (double) clean, 0.03);
        assertEquals(0.05, slips / (double) clean, 0.02);
    }

    @Test
    void theSamePromptGetsTheSameReply() {
        Exercise e = MiniDomain.LOGIC.generate(new SplittableRandom(3), 2);
        assertEquals(new MiniTeacher(TeacherStyle.defaults()).answer(e.text()), new MiniTeacher(TeacherStyle.defaults()).answer(e.text()));
        SplittableRandom r = new SplittableRandom(4);
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            String t = MiniDomain.ARITHMETIC.generate(r, 2).text();
            differ += new MiniTeacher(TeacherStyle.defaults()).answer(t).equals(new MiniTeacher(TeacherStyle.defaults().withSeed(99)).answer(t)) ? 0 : 1;
        }
        assertTrue(differ > 20, differ + " of 200 replies depend on the seed");
    }

    @Test
    void untaggedTracesHaveNoTags() {
        Exercise e = MiniDomain.COUNTING.generate(new SplittableRandom(5), 3);
        MiniTeacher.Reply reply = new MiniTeacher(TeacherStyle.defaults().withoutFlaws().withTags(false)).answer(e.text());
        assertFalse(TagSegmenter.hasTags(reply.thinking()));
        assertEquals(new MiniTeacher(TeacherStyle.defaults().withoutFlaws()).answer(e.text()).thinking()
                .replaceAll("</?(strategic|tactical|operational)>\n?", "").strip(), reply.thinking());
    }

    @Test
    void textOutsideTheWorldGetsNoAnswer() {
        String text = "Prove that there are infinitely many primes.";
        MiniTeacher.Reply reply = new MiniTeacher(TeacherStyle.defaults()).answer(text);
        assertNull(reply.exercise());
        Problem p = new Problem("p", text, "");
        assertEquals("missing-answer", QUALITY.check(p, new Trace("p", "mini", reply.thinking(), reply.response(), "stop", -1, -1)).reason());
    }

    @Test
    void aTokenLimitCutsTheReplyAsAServerWould() {
        Exercise e = MiniDomain.SEQUENCES.generate(new SplittableRandom(6), 3);
        MiniTeacher.Reply full = new MiniTeacher(TeacherStyle.defaults().withoutFlaws()).answer(e.text());
        MiniTeacher.Reply cut = full.limitedTo(20);
        assertEquals("length", cut.finishReason());
        assertEquals("", cut.response());
        assertEquals(20, cut.tokens());
        assertTrue(full.thinking().startsWith(cut.thinking()));
        assertEquals("truncated", quality(e, cut).reason());
        assertEquals(full, full.limitedTo(full.tokens()));
    }

    @Test
    void everyFlawHasItsOwnRule() {
        assertEquals(Flaw.values().length, Arrays.stream(Flaw.values()).map(Flaw::rule).distinct().count());
    }
}
