package org.reasonbridge.curation.filter;

import org.reasonbridge.data.Problem;

import java.util.List;

/** Places a problem in one {@link Domain}, saying how and on what evidence. */
public interface DomainClassifier {
    Classification classify(Problem problem);

    /** The classifications of {@code problems}, in order (a classifier that calls a model batches them). */
    default List<Classification> classifyAll(List<Problem> problems) {
        return problems.stream().map(this::classify).toList();
    }

    /**
     * A domain choice.
     *
     * @param domain  the chosen domain ({@link Domain#UNCLASSIFIED} when nothing placed it)
     * @param method  {@code keyword}, {@code model}, or {@code keyword-fallback} (the model's output did not parse)
     * @param matched the keywords that decided it (keyword methods), else empty
     * @param note    the model's unparsed output or error for a fallback, else empty
     */
    record Classification(Domain domain, String method, List<String> matched, String note) {
        public Classification {
            matched = List.copyOf(matched);
            note = note == null ? "" : note;
        }

        public String code() {
            return domain.code();
        }
    }
}
