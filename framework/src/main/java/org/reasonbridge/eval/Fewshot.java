package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import java.util.List;
import java.util.Map;

/**
 * A benchmark's standard few-shot setup, as lm-evaluation-harness runs it: a description, then the first n solved
 * examples of the problem's group (its task or subject), before the question. A value: two loads of the same files
 * are equal.
 *
 * @param source   where the examples come from (recorded in results.json), "none" when there are none
 * @param groupKey the metadata field naming a problem's group ({@code task}, {@code subject}), or "" when every
 *                 problem gets the same examples (the group "")
 * @param groups   the description and examples of each group
 */
public record Fewshot(String source, String groupKey, Map<String, Context> groups) {
    /** No examples: asking for any is an error naming the benchmark. */
    public static final Fewshot NONE = new Fewshot("none", "", Map.of());

    /** A solved example as shown: its question and target in the benchmark's layout. */
    public record Shot(String text) {
        /** The harness's chain-of-thought layout: {@code "Q: question\nA: target"}. */
        public static Shot qa(String question, String target) {
            return new Shot("Q: " + question.strip() + "\nA: " + target.strip());
        }
    }

    /** What goes before one question: its group's description ("" when none) and the examples available, in order. */
    public record Context(String description, List<Shot> shots) {
        public Context {
            shots = List.copyOf(shots);
        }
    }

    public Fewshot {
        groups = Map.copyOf(groups);
    }

    /** The same examples for every problem. */
    public static Fewshot fixed(String source, String description, List<Shot> shots) {
        return new Fewshot(source, "", Map.of("", new Context(description, shots)));
    }

    /** The description and examples for {@code p} (none when its group has none). */
    public Context context(Problem p) {
        String group = groupKey.isEmpty() ? "" : p.metadata().getOrDefault(groupKey, "");
        Context c = groups.get(group);
        return c == null ? new Context("", List.of()) : c;
    }
}
