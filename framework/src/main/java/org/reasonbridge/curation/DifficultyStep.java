package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.DifficultyJournal;
import org.reasonbridge.data.Problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The difficulty stage: every solver attempts what quality kept ({@link DifficultyFilter}; with the
 * {@link Ablation#NO_QUALITY} ablation, also the well-formed problems quality dropped, after the others), each
 * verdict journaled in {@code difficulty.jsonl} as it is made and reused by a later run under the same solvers.
 * Fails when every solver solved (or could not attempt) everything.
 */
final class DifficultyStep implements CurationStep {
    @Override
    public List<Curated> apply(List<Curated> records, CurationRun run) {
        List<Curated> judged = new ArrayList<>(records.stream().filter(Curated::clean).toList());
        int clean = judged.size();
        if (run.in.ablations().contains(Ablation.NO_QUALITY)) {
            judged.addAll(records.stream().filter(c -> c.traced() && !c.clean() && c.wellFormed()).toList());
        }
        List<Problem> problems = judged.stream().map(Curated::problem).toList();
        Path file = run.file(CurationStage.DIFFICULTY.file);
        List<Decision> verdicts;
        if (run.runs(CurationStage.DIFFICULTY)) {
            DifficultyFilter filter = run.in.difficulty().checkingAnswersBy(run.in.answers());
            try (DifficultyJournal journal = DifficultyJournal.open(file, filter.identity())) {
                journal.movedAside().ifPresent(p -> run.notes.add(file.getFileName() + " was written with other solvers or "
                        + "limits; moved to " + p.getFileName() + " and the solvers asked again"));
                long reused = problems.stream().filter(p -> journal.reusable(p).isPresent()).count();
                if (reused > 0) run.notes.add("difficulty: " + reused + " of " + problems.size() + " verdicts reused from " + file.getFileName());
                verdicts = filter.apply(problems, journal, n -> run.listener.progress(CurationStage.DIFFICULTY, n, problems.size()));
            }
        } else {
            verdicts = DifficultyJournal.decisionsFor(file, problems);
        }
        Map<String, Decision> byId = new HashMap<>();
        for (Decision d : verdicts) byId.put(d.problemId(), d);
        List<Curated> out = records.stream().map(c -> byId.containsKey(c.id()) ? c.withDifficulty(byId.get(c.id())) : c).toList();
        List<Decision> ofClean = verdicts.subList(0, clean);
        long hard = ofClean.stream().filter(Decision::kept).count();
        run.count("difficulty", clean, (int) hard);
        CurationRun.requireSome("difficulty", clean, hard, ofClean, CurationStage.DIFFICULTY.file,
                "the solvers solved what the teacher solved; weaker solvers or a harder pool would leave some");
        return out;
    }
}
