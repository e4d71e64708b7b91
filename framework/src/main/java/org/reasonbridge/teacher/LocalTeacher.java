package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.data.Trace;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;

import java.util.List;
import java.util.Map;

/**
 * A local model as teacher, through its chat template and the project's generator; the reasoning and the
 * answer are split by {@link ThinkingFormat}'s one rule (a model that never closes its thinking is all thinking,
 * and its finish reason says why).
 */
public final class LocalTeacher implements TeacherClient {
    private final Model model;
    private final int maxTokens;

    public LocalTeacher(Model model, int maxTokens) {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        this.model = model;
        this.maxTokens = maxTokens;
    }

    @Override
    public String name() {
        return "local:" + model.folder().getFileName();
    }

    /** One at a time: the model and its caches are not shared between threads. */
    @Override
    public boolean concurrent() {
        return false;
    }

    @Override
    public synchronized Trace solve(Problem problem) {
        Generation g = model.chat(List.of(Map.of("role", "user", "content", TeacherClient.prompt(problem))),
                GenerationConfig.greedy(maxTokens));
        String[] split = split(g.text());
        return new Trace(problem.id(), name(), split[0], split[1], String.valueOf(g.finishReason()).toLowerCase(),
                g.promptIds().length, g.generatedIds().length);
    }

    /** {thinking, response}, stripped: {@link ThinkingFormat#splitAny(String)}'s parts. */
    static String[] split(String text) {
        ThinkingSplit parts = ThinkingFormat.splitAny(text);
        return new String[]{parts.thinking().strip(), parts.answer().strip()};
    }
}
