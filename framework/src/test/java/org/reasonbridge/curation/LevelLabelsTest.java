package org.reasonbridge.curation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.levels.TagSegmenter;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a trace's levels come from, and what is kept to train on: tags where valid, none where broken. */
class LevelLabelsTest {
    static Stream<Arguments> cases() {
        String plan = "We need the divisors of 360.", work = "360 = 2^3 * 3^2 * 5, so 4 * 3 * 2 = 24.";
        String tagged = "<strategic>\n" + plan + "\n</strategic>\n<operational>\n" + work + "\n</operational>";
        return Stream.of(
                // name, thinking, source, thinking kept, plain thinking
                Arguments.of("valid tags", tagged, "teacher-tags", tagged, plan + "\n" + work + "\n"),
                Arguments.of("no tags", plan + " " + work, "rules", plan + " " + work, plan + " " + work),
                Arguments.of("a tag never closed", "<strategic>\n" + plan + "\n<operational>\n" + work + "\n</operational>",
                        "rules-after-invalid-tags", plan + "\n" + work + "\n", plan + "\n" + work + "\n"),
                Arguments.of("a near-miss tag", "<strategy>" + plan + "</strategy> " + work, "rules-after-invalid-tags",
                        plan + " " + work, plan + " " + work),
                Arguments.of("other angle brackets stay", "Let List<String> hold " + work, "rules",
                        "Let List<String> hold " + work, "Let List<String> hold " + work));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void labels(String name, String thinking, String source, String kept, String plain) {
        LevelLabels l = LevelLabels.of("p1", thinking);
        assertEquals(source, l.source().id(), name);
        assertEquals(kept, l.thinking(), name);
        assertEquals(plain, l.plain(), name);
        assertEquals(source.equals("rules-after-invalid-tags"), !l.error().isEmpty(), name);
        // what is kept is what training reads without error
        TagSegmenter.create().segment("p1", l.thinking());
        assertTrue(!TagSegmenter.hasTags(l.plain()), name);
    }
}
