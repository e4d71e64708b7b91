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

    /** An open-answer problem. */
    public Problem(String id, String question, String answer) {
        this(id, question, answer, List.of(), Map.of());
    }
}
