package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.QualityFilter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quality stage: {@link QualityFilter}'s rules over every traced problem, reading the thinking without level
 * tags; {@code quality.jsonl}, a decision per traced problem. Fails when it keeps none.
 */
final class QualityStep implements CurationStep {
    @Override
    public List<Curated> apply(List<Curated> records, CurationRun run) {
        List<Curated> traced = records.stream().filter(Curated::traced).toList();
        Path file = run.file(CurationStage.QUALITY.file);
        List<Decision> quality;
        if (run.runs(CurationStage.QUALITY)) {
            quality = QualityFilter.defaults().checkingAnswersBy(run.in.answers())
                    .apply(traced.stream().map(Curated::problem).toList(), traced.stream().map(Curated::plainTrace).toList());
            Decision.writeAll(file, quality);
        } else {
            quality = Decision.readAll(file);
            CurationRun.sameIds(file, quality.stream().map(Decision::problemId).toList(), traced.stream().map(Curated::id).toList(),
                    CurationStage.QUALITY);
        }
        List<Curated> out = new ArrayList<>(records.size());
        int next = 0;
        for (Curated c : records) out.add(c.traced() ? c.withQuality(quality.get(next++)) : c);
        long kept = quality.stream().filter(Decision::kept).count();
        run.count("quality", traced.size(), (int) kept);
        CurationRun.requireSome("quality", traced.size(), kept, quality, CurationStage.QUALITY.file,
                "see what the teacher answered in " + CurationStage.TEACHER.file + "; a different teacher or --teacher-prompt may help");
        return out;
    }
}
