package org.reasonbridge.data;

import java.util.List;
import java.util.Map;

/**
 * A benchmark item: the question as posed, its reference answer, the options of a multiple-choice question
 * (empty otherwise; the answer is then the correct option's letter) and the source's other fields.
 */
public record Problem(String id, String question, String answer, List<String> choices, Map<String, String> metadata) {
    public Problem {
        if (question == null || question.isBlank()) throw new IllegalArgumentException("problem '" + id + "' has no question");
        if (answer == null) throw new IllegalArgumentException("problem '" + id + "' has no reference answer");
        choices = List.copyOf(choices);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata)); // keeps the order, so output files repeat exactly
    }

    /**
     * The question as posed to a model: its text, then, when it has options, a blank line and one {@code A. option}
     * per line. The one way options are printed: teacher prompts (and so the teacher journal's prompt hashes), the
     * evaluation and difficulty prompts all use it.
     */
    public String posed() {
        if (choices.isEmpty()) return question;
        StringBuilder sb = new StringBuilder(question).append("\n");
        for (int i = 0; i < choices.size(); i++) sb.append("\n").append((char) ('A' + i)).append(". ").append(choices.get(i));
        return sb.toString();
    }

    /** An open-answer problem. */
    public Problem(String id, String question, String answer) {
        this(id, question, answer, List.of(), Map.of());
    }
}
