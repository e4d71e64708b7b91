package org.reasonbridge.eval;

/** A benchmark item: the question as posed and its reference answer. */
public record Problem(String id, String question, String answer) {
    public Problem {
        if (question.isBlank()) throw new IllegalArgumentException("problem '" + id + "' has no question");
    }
}
