package org.reasonbridge.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.data.Trace;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.HumanEvalGrader;
import org.reasonbridge.levels.TraceParts;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.training.ExampleRenderer;
import org.reasonbridge.training.RenderedExample;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every former caller of a thinking split (the level segmenter, the graders, HumanEval's code extraction, the
 * sweep's matcher, the teacher, a model's reply, the policies' view) splits the tricky completions of
 * {@code data.ThinkingFormatTest} exactly as {@link ThinkingFormat} does.
 */
class ThinkingSplitAgreementTest {
    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("org.reasonbridge.data.ThinkingFormatTest#completions")
    void everyCallerSplitsAlike(String name, String completion, String prompt, String format, String thinking, String answer,
                                boolean closed, List<String> markers) {
        ThinkingSplit split = ThinkingFormat.splitAny(completion, prompt);
        assertEquals(thinking, split.thinking(), name);
        assertEquals(answer, split.answer(), name);

        TraceParts parts = prompt == null ? TraceParts.split(completion) : TraceParts.of(split);
        assertEquals(List.of(thinking, answer), List.of(parts.thinking(), parts.answer()), "levels: " + name);

        LmReply reply = new LmReply(prompt, completion, null, "stop", null, null, 1);
        assertEquals(List.of(thinking, answer), List.of(reply.thinking(), reply.answer()), "lm reply: " + name);

        Trace trace = new LmTeacher(r -> reply).solve(new Problem("p", "q", ""));
        assertEquals(List.of(thinking.strip(), answer.strip()), List.of(trace.thinking(), trace.response()), "teacher: " + name);

        var fromAnswer = EXTRACTOR.extractFromAnswer(answer);
        assertEquals(fromAnswer, EXTRACTOR.extract(split), "extractor: " + name);
        assertEquals(HumanEvalGrader.extractCode(ThinkingSplit.answerOnly(answer)), HumanEvalGrader.extractCode(split),
                "humaneval: " + name);
        if (prompt == null) {
            assertEquals(fromAnswer, EXTRACTOR.extract(completion), "extractor on the raw completion: " + name);
            assertEquals(fromAnswer.map(e -> e.answer()), new AnswerMatch().extract(completion), "sweep matcher: " + name);
        } else {
            ThinkingFormat opened = ThinkingFormat.openedBy(prompt).orElseThrow();
            assertEquals(thinking, opened.thinkingOf(completion), "the policies' view: " + name);
            assertEquals(fromAnswer.map(e -> e.answer()), new AnswerMatch(opened).extract(completion), "sweep matcher: " + name);
        }
    }

    @Test
    void aRenderedExampleSplitsBackIntoItsTraceAndSolution() {
        ExampleRenderer renderer = ExampleRenderer.plain("<|endoftext|>");
        RenderedExample r = renderer.render("e", "What is 2 + 2?", "2 + 2 = 4.", "The answer is \\boxed{4}.");
        String prompt = ChatPrompt.plain("<|endoftext|>").thinking("What is 2 + 2?");
        String completion = r.text().substring(prompt.length());
        ThinkingSplit split = ThinkingFormat.splitAny(completion, prompt);
        assertEquals("2 + 2 = 4.", split.thinking().strip());
        assertEquals("The answer is \\boxed{4}.", split.answer().strip());
    }
}
