package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.Problem;
import org.reasonbridge.teacher.TeacherOutcome;
import org.reasonbridge.teacher.TeacherRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teacher stage: every problem asked once with the run's prompt ({@link TeacherRun}: journaled, resumable,
 * probing the teacher with the first problem before the others), {@code traces.jsonl}; each trace's level labels
 * checked ({@link LevelLabels}). Its decision per problem: kept with the label source, or dropped as
 * {@code teacher-failed} with the reason. Fails when no problem was traced, with what to do.
 */
final class TeacherStep implements CurationStep {
    static final String STAGE = "teacher";

    @Override
    public List<Curated> apply(List<Curated> records, CurationRun run) {
        List<Problem> problems = records.stream().map(Curated::problem).toList();
        Path tracesFile = run.file(CurationStage.TEACHER.file);
        List<TeacherOutcome> outcomes;
        if (run.runs(CurationStage.TEACHER)) {
            outcomes = new TeacherRun(run.in.teacher(), run.file(CurationFiles.TEACHER_JOURNAL), run.in.teacherOptions(),
                    run.in.teacherPrompt()).run(problems, n -> run.listener.progress(CurationStage.TEACHER, n, problems.size()));
            TeacherOutcome.write(tracesFile, outcomes);
        } else {
            outcomes = TeacherOutcome.read(tracesFile);
            CurationRun.sameIds(tracesFile, outcomes.stream().map(TeacherOutcome::problemId).toList(),
                    problems.stream().map(Problem::id).toList(), CurationStage.TEACHER);
        }
        List<Curated> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) out.add(records.get(i).withTeacher(outcomes.get(i)));
        long traced = out.stream().filter(Curated::traced).count();
        long earlier = run.runs(CurationStage.TEACHER) ? outcomes.stream().filter(o -> !o.done() && o.resumed()).count() : 0;
        if (earlier > 0) {
            run.notes.add("teacher: " + earlier + " problem(s) failed in an earlier run and were not asked again; add --retry-failed "
                    + "(CurationInputs: TeacherRun.Options.withRetryFailed) to ask again");
        }
        run.count(STAGE, out.size(), (int) traced);
        String first = out.stream().filter(c -> !c.traced()).map(Curated::teacherFailure).findFirst().orElse("");
        CurationRun.requireSome(STAGE, out.size(), traced, out.stream().map(TeacherStep::decision).toList(), CurationStage.TEACHER.file,
                "the first failure: " + first + "; check the teacher's URL, model and key, then run again with --retry-failed "
                        + "(the failures are journaled, and a rerun without it does not ask again)");
        return out;
    }

    /** What the teacher stage decided about {@code c}: traced (with where its levels come from), or failed. */
    static Decision decision(Curated c) {
        if (!c.traced()) return Decision.drop(c.id(), STAGE, "teacher-failed", Map.of("reason", c.teacherFailure()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("level_labels", c.levels().source().id());
        if (!c.levels().error().isEmpty()) details.put("tag_error", c.levels().error());
        return Decision.keep(c.id(), STAGE, details);
    }
}
