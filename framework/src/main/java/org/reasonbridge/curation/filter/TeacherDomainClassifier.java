package org.reasonbridge.curation.filter;

import org.reasonbridge.data.Problem;
import org.reasonbridge.teacher.TeacherClient;
import org.reasonbridge.teacher.TeacherOutcome;
import org.reasonbridge.teacher.TeacherRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * s1's model classification at pool scale: every problem's {@link ModelDomainClassifier#prompt} goes to a teacher
 * through a {@link TeacherRun}, so the calls are concurrent, rate-limited, retried and journaled like the traces
 * (a rerun asks again only what had not finished). A failed call or an answer without a known code falls back to
 * the keyword rules, and the classification says why.
 */
public final class TeacherDomainClassifier implements DomainClassifier {
    private final TeacherClient teacher;
    private final Path journal;
    private final TeacherRun.Options options;
    private final KeywordDomainClassifier fallback = KeywordDomainClassifier.defaults(); // read and compiled once

    /** @param journal the classification calls' own journal (not the traces'; the ids are the problems') */
    public TeacherDomainClassifier(TeacherClient teacher, Path journal, TeacherRun.Options options) {
        this.teacher = teacher;
        this.journal = journal;
        this.options = options;
    }

    @Override
    public Classification classify(Problem problem) {
        return classifyAll(List.of(problem)).get(0);
    }

    @Override
    public List<Classification> classifyAll(List<Problem> problems) {
        List<Problem> asks = problems.stream()
                .map(p -> new Problem(p.id(), ModelDomainClassifier.prompt(p.question()), "", List.of(), Map.of())).toList();
        List<TeacherOutcome> outcomes = new TeacherRun(teacher, journal, options).run(asks);
        List<Classification> out = new ArrayList<>(problems.size());
        for (int i = 0; i < problems.size(); i++) {
            TeacherOutcome o = outcomes.get(i);
            out.add(o.done() ? ModelDomainClassifier.fromOutput(fallback, problems.get(i), o.trace().response())
                    : ModelDomainClassifier.fallBack(fallback, problems.get(i), "model error: " + o.reason()));
        }
        return out;
    }
}
