package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.curation.filter.QualityFilter;
import org.reasonbridge.data.Example;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.teacher.TeacherOutcome;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem on its way through curation, gaining a field at each stage: the problem (pool), the teacher's trace
 * and its level labels or why the teacher failed (teacher), the quality decision, the difficulty decision, the
 * domain, and its place in the selection. A field a stage has not reached is null ({@code selected} -1). Nothing is
 * removed along the way: what a stage dropped keeps its decision, so the ablations can draw from any stage.
 *
 * @param problem        the problem as the pool left it
 * @param trace          the teacher's trace as answered (thinking with any tags), null until traced or when it failed
 * @param teacherFailure why the teacher failed on it, else null
 * @param levels         where the trace's levels come from, with the thinking to train on; null without a trace
 * @param quality        the quality decision, null until judged
 * @param difficulty     the difficulty decision, null until judged (only what goes on to difficulty is)
 * @param domain         its domain, null until classified
 * @param selected       its position in {@code reason1k.jsonl}, -1 when not selected
 */
public record Curated(Problem problem, Trace trace, String teacherFailure, LevelLabels levels, Decision quality,
                      Decision difficulty, DomainClassifier.Classification domain, int selected) {
    public Curated {
        Objects.requireNonNull(problem, "problem");
        if (trace != null && levels == null) levels = LevelLabels.of(problem.id(), trace.thinking());
    }

    /** A problem the pool left. */
    public static Curated of(Problem problem) {
        return new Curated(problem, null, null, null, null, null, null, -1);
    }

    public String id() {
        return problem.id();
    }

    /** With the teacher's outcome: the trace and its level labels, or the failure. */
    public Curated withTeacher(TeacherOutcome o) {
        if (!o.problemId().equals(id())) throw new IllegalArgumentException("outcome for '" + o.problemId() + "' given to '" + id() + "'");
        return o.done() ? new Curated(problem, o.trace(), null, LevelLabels.of(id(), o.trace().thinking()), quality, difficulty, domain, selected)
                : new Curated(problem, null, o.reason(), null, quality, difficulty, domain, selected);
    }

    public Curated withQuality(Decision d) {
        return new Curated(problem, trace, teacherFailure, levels, same(d), difficulty, domain, selected);
    }

    public Curated withDifficulty(Decision d) {
        return new Curated(problem, trace, teacherFailure, levels, quality, same(d), domain, selected);
    }

    public Curated withDomain(DomainClassifier.Classification c) {
        return new Curated(problem, trace, teacherFailure, levels, quality, difficulty, c, selected);
    }

    public Curated withSelected(int position) {
        return new Curated(problem, trace, teacherFailure, levels, quality, difficulty, domain, position);
    }

    private Decision same(Decision d) {
        if (!d.problemId().equals(id())) throw new IllegalArgumentException("decision for '" + d.problemId() + "' given to '" + id() + "'");
        return d;
    }

    /** The teacher answered it. */
    public boolean traced() {
        return trace != null;
    }

    /** Quality kept it. */
    public boolean clean() {
        return quality != null && quality.kept();
    }

    /** A valid training example whatever quality thinks of it otherwise: thinking, and a final answer where it belongs. */
    public boolean wellFormed() {
        return quality != null && QualityFilter.wellFormed(quality);
    }

    /** Quality kept it and every solver failed it. */
    public boolean hard() {
        return clean() && difficulty != null && difficulty.kept();
    }

    /** The trace as the quality rules read it: the thinking without level tags. */
    public Trace plainTrace() {
        return new Trace(trace.problemId(), trace.teacher(), levels.plain(), trace.response(), trace.finishReason(),
                trace.promptTokens(), trace.completionTokens());
    }

    /**
     * The training example: the problem as the teacher saw it ({@link Problem#posed()}, options included), the
     * thinking with valid level tags (or none), the response; provenance is the problem's metadata and the
     * {@code level_labels} source.
     */
    public Example example() {
        Map<String, String> provenance = new LinkedHashMap<>(problem.metadata());
        provenance.put("level_labels", levels.source().id());
        return new Example(id(), problem.posed(), levels.thinking(), trace.response(), provenance);
    }

    /** The fields {@code reason1k.jsonl} adds to the training format: reference answer, domain, teacher. */
    public Map<String, String> exampleFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("answer", problem.answer());
        f.put("domain", domain.code());
        f.put("teacher", trace.teacher());
        return f;
    }
}
