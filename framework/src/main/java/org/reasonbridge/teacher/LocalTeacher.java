package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;

import java.util.List;
import java.util.Map;

/**
 * A local model as teacher, through its chat template and the project's generator; the reasoning is the text
 * before {@code </think>} (a model that never closes it is all thinking, and its finish reason says why).
 */
public final class LocalTeacher implements TeacherClient {
    static final String END_THINK = "</think>";

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

    /** {thinking, response}: split on the first {@code </think>}, an opening {@code <think>} dropped. */
    static String[] split(String text) {
        int end = text.indexOf(END_THINK);
        if (end < 0) return text.contains("<think>") ? new String[]{strip(text), ""} : new String[]{"", text.strip()};
        return new String[]{strip(text.substring(0, end)), text.substring(end + END_THINK.length()).strip()};
    }

    private static String strip(String thinking) {
        String t = thinking.strip();
        return (t.startsWith("<think>") ? t.substring("<think>".length()) : t).strip();
    }
}
