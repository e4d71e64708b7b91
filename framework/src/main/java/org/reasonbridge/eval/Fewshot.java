package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import java.util.List;
import java.util.Map;

/**
 * A benchmark's standard few-shot setup, as lm-evaluation-harness runs it: a description, then the first n solved
 * examples of the problem's group (its task or subject), each a question and its target, before the question.
 */
public interface Fewshot {
    /** No examples: asking for any is an error naming the benchmark. */
    Fewshot NONE = new Fewshot() {
        @Override
        public String source() {
            return "none";
        }

        @Override
        public Context context(Problem p) {
            return new Context("", List.of());
        }
    };

    /** A solved example: the question as shown and its target (a chain of thought ending in the answer, or a letter). */
    record Shot(String question, String target) {
    }

    /** What goes before one question: its group's description ("" when none) and the examples available, in order. */
    record Context(String description, List<Shot> shots) {
        public Context {
            shots = List.copyOf(shots);
        }
    }

    /** Where the examples come from (recorded in results.json), e.g. "gsm8k-cot: Wei et al. 2022, 8 exemplars". */
    String source();

    /** The description and examples for {@code p}. */
    Context context(Problem p);

    /** {@code source} with fixed examples for every problem. */
    static Fewshot fixed(String source, String description, List<Shot> shots) {
        return groups(source, p -> "", Map.of("", new Context(description, shots)));
    }

    /** Examples per group ({@code groupOf} a problem: its task, its subject), from {@code contexts}. */
    static Fewshot groups(String source, java.util.function.Function<Problem, String> groupOf, Map<String, Context> contexts) {
        Map<String, Context> copy = Map.copyOf(contexts);
        return new Fewshot() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public Context context(Problem p) {
                Context c = copy.get(groupOf.apply(p));
                return c == null ? new Context("", List.of()) : c;
            }
        };
    }
}
