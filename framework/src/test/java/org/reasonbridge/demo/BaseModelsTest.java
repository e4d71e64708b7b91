package org.reasonbridge.demo;

import org.junit.jupiter.api.Test;
import org.reasonbridge.data.Example;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The base models' examples: never a test question, and the digit programs' mix as documented. */
class BaseModelsTest {
    /** The question an example poses, without the prompt format's instruction and the "write it out" request. */
    private static String question(Example e) {
        return e.problem().split("\n\n")[0].replace(" " + BaseModels.WRITE, "");
    }

    private static List<Example> examples(Set<String> tests) {
        List<Example> all = new ArrayList<>(BaseModels.programs(3, 3000, tests));
        all.addAll(BaseModels.directAnswers(3, 600, tests));
        return all;
    }

    @Test
    void theBaseModelsNeverLearnATestQuestion() {
        SplittableRandom r = new SplittableRandom(5);
        Set<String> tests = new HashSet<>();
        // over a third of the 2,720 one-instruction programs: fresh draws would hit them again and again
        for (int i = 0; i < 1500; i++) tests.add(MiniDomain.PROGRAMS.generate(r, 1).text());
        for (MiniDomain d : MiniDomain.trained()) {
            for (int level = 1; level <= 3; level++) for (int i = 0; i < 20; i++) tests.add(d.generate(r, level).text());
        }
        long hits = examples(Set.of()).stream().filter(e -> tests.contains(question(e))).count();
        assertTrue(hits > 100, "without the test set to avoid, draws repeat test questions: " + hits);
        for (Example e : examples(tests)) assertFalse(tests.contains(question(e)), e.id() + ": " + question(e));
    }

    @Test
    void programExamplesAreFactsThenProgramsAskedPlainlyAnsweredShallowlyOrWrittenOut() {
        List<Example> p = BaseModels.programs(7, 3000, Set.of());
        assertEquals(300, p.stream().filter(e -> e.id().startsWith("digit-fact-")).count());
        long written = p.stream().filter(e -> e.id().startsWith("program-text-")).count();
        // 2,700 programs at a share of 0.45: 1,215 expected, a binomial standard deviation of about 26
        assertTrue(Math.abs(written - 1215) < 100, "written programs: " + written);
        for (Example e : p) {
            assertFalse(e.problem().contains(BaseModels.WRITE), e.id());
            assertTrue(e.solution().startsWith("Final Answer: \\boxed{"), e.id());
            if (e.id().matches("program-\\d+")) assertTrue(e.trace().startsWith("So the answer is "), e.id());
            // a written program's trace opens with the program's name, copied from the question
            if (e.id().startsWith("program-text-")) assertTrue(e.trace().startsWith(e.problem().substring(0, e.problem().indexOf('\''))), e.id());
        }
    }
}
