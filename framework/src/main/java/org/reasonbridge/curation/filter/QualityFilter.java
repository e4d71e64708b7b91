package org.reasonbridge.curation.filter;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The quality stage: every {@link QualityRule} over a problem and its teacher trace. A problem is dropped for the
 * first rule (in {@link QualityRule} order) that finds something; the decision's details hold every finding, so
 * the audit shows all that is wrong, not only the deciding rule. Stateless and thread-safe.
 */
public final class QualityFilter {
    public static final String STAGE = "quality";
    private final Set<QualityRule> rules;
    private final AnswerCheck answers;

    private QualityFilter(Set<QualityRule> rules, AnswerCheck answers) {
        this.rules = rules;
        this.answers = answers;
    }

    /** Every rule, answers checked against reference answers only. */
    public static QualityFilter defaults() {
        return new QualityFilter(EnumSet.allOf(QualityRule.class), AnswerCheck.referenceOnly());
    }

    /** Every rule but {@code skipped} (for the "selection without this filter" ablations). */
    public static QualityFilter without(QualityRule... skipped) {
        EnumSet<QualityRule> rules = EnumSet.allOf(QualityRule.class);
        for (QualityRule r : skipped) rules.remove(r);
        return new QualityFilter(rules, AnswerCheck.referenceOnly());
    }

    /** These rules with answers checked by {@code check} (e.g. running a programming problem's tests). */
    public QualityFilter checkingAnswersBy(AnswerCheck check) {
        return new QualityFilter(rules, check);
    }

    /**
     * Whether {@code decision} (of this stage) found the example well-formed: none of the {@link QualityRule#aboutForm()}
     * rules found anything, so it is a valid training example even where other rules dropped it.
     */
    public static boolean wellFormed(Decision decision) {
        if (decision.kept()) return true;
        Object findings = decision.details().get("findings");
        if (!(findings instanceof Map<?, ?> found)) return false;
        return QualityRule.FORM.stream().noneMatch(r -> found.containsKey(r.reason()));
    }

    /** The decision for {@code problem} with the teacher's {@code trace}. */
    public Decision check(Problem problem, Trace trace) {
        if (!problem.id().equals(trace.problemId())) {
            throw new IllegalArgumentException("trace for '" + trace.problemId() + "' given with problem '" + problem.id() + "'");
        }
        QualityRule.Subject subject = new QualityRule.Subject(problem, trace, answers);
        Map<String, Object> findings = new LinkedHashMap<>();
        QualityRule first = null;
        for (QualityRule rule : rules) {
            Optional<String> found = rule.find(subject);
            if (found.isPresent()) {
                findings.put(rule.reason(), found.get());
                if (first == null) first = rule;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("teacher", trace.teacher());
        subject.answer.ifPresent(a -> details.put("answer", a));
        details.put("findings", findings);
        return first == null ? Decision.keep(problem.id(), STAGE, details)
                : Decision.drop(problem.id(), STAGE, first.reason(), details);
    }

    /** The decisions for paired lists (same order, same ids), checked in parallel; the order is the input's. */
    public List<Decision> apply(List<Problem> problems, List<Trace> traces) {
        if (problems.size() != traces.size()) throw new IllegalArgumentException(problems.size() + " problems, " + traces.size() + " traces");
        return IntStream.range(0, problems.size()).parallel().mapToObj(i -> check(problems.get(i), traces.get(i))).toList();
    }
}
