/**
 * Grading: the final answer found in a completion ({@link org.reasonbridge.grading.AnswerExtractor}), and whether
 * it is right ({@link org.reasonbridge.grading.MathEquivalence}, {@link org.reasonbridge.grading.ChoiceGrader},
 * {@link org.reasonbridge.grading.ExactMatchGrader}, by kind through {@link org.reasonbridge.grading.Grader}).
 * Used by {@code eval} and {@code curation}; depends only on {@code data} (the thinking split, {@code \boxed} spans) and
 * {@code exact} (rational values).
 * The equivalence policy, case by case, is in {@code POLICY.md} in this folder.
 */
package org.reasonbridge.grading;
