package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.pool.Decontaminator;
import org.reasonbridge.curation.pool.Deduplicator;
import org.reasonbridge.curation.pool.PoolFile;
import org.reasonbridge.curation.pool.PoolManifest;
import org.reasonbridge.curation.pool.PoolReader;
import org.reasonbridge.curation.pool.PoolResult;
import org.reasonbridge.curation.pool.PoolStage;
import org.reasonbridge.data.Problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool stage: read the manifests, drop what no answer check could ever keep (no reference answer, no tests that
 * may run), decontaminate, de-duplicate; {@code pool.jsonl} (the problems for the teacher) and
 * {@code pool-audit.jsonl} (every record dropped, and why). Fails before any teacher call when a pool's files are
 * missing, when a manifest yields no reference answer at all (its {@code answer}/{@code answer_from} mapping is
 * wrong), or when nothing is left.
 */
final class PoolStep implements CurationStep {
    @Override
    public List<Curated> apply(List<Curated> records, CurationRun run) {
        Path poolFile = run.file(CurationStage.POOL.file), auditFile = run.file(CurationFiles.POOL_AUDIT);
        List<Problem> problems;
        List<Decision> audit;
        if (run.runs(CurationStage.POOL)) {
            List<Problem> read = new ArrayList<>();
            List<Decision> decisions = new ArrayList<>();
            Map<String, Path> manifestOf = new LinkedHashMap<>();
            for (Path manifest : run.in.poolManifests()) {
                PoolResult r = PoolReader.read(manifest);
                read.addAll(r.kept());
                decisions.addAll(r.decisions());
                r.kept().stream().findFirst().ifPresent(p -> manifestOf.put(p.metadata().get("source"), manifest));
            }
            PoolResult pool = checkable(read, run).then(kept -> Decontaminator.of(run.in.evaluationSets()).decontaminate(kept))
                    .then(Deduplicator::dedup);
            decisions.addAll(pool.decisions());
            problems = pool.kept();
            audit = decisions;
            PoolFile.write(poolFile, problems);
            Decision.writeAll(auditFile, audit);
            requireReferences(read, problems, manifestOf);
        } else {
            problems = PoolFile.read(poolFile);
            audit = Decision.readAll(auditFile);
        }
        run.poolAudit = audit;
        count(run, problems.size(), audit);
        CurationRun.requireSome("pool", problems.size() + audit.size(), problems.size(), audit, CurationFiles.POOL_AUDIT, "");
        return problems.stream().map(Curated::of).toList();
    }

    /** The problems whose answers can be checked; the others dropped as {@code no-reference}. */
    private static PoolResult checkable(List<Problem> read, CurationRun run) {
        List<Problem> kept = new ArrayList<>();
        List<Decision> dropped = new ArrayList<>();
        for (Problem p : read) {
            Optional<String> why = run.in.answers().uncheckable(p);
            if (why.isEmpty()) kept.add(p);
            else dropped.add(PoolStage.REFERENCE.drop(p.id(), "no-reference", Map.of("message", why.get())));
        }
        return new PoolResult(kept, dropped);
    }

    /**
     * A pool that yields problems but not one reference answer is a manifest mapping no answer (or an
     * {@code answer_from} that finds no {@code \boxed{}}): refused, saying what to set, before a paid call.
     */
    private static void requireReferences(List<Problem> read, List<Problem> kept, Map<String, Path> manifestOf) {
        for (Map.Entry<String, Path> e : manifestOf.entrySet()) {
            String source = e.getKey();
            long n = read.stream().filter(p -> source.equals(p.metadata().get("source"))).count();
            boolean any = read.stream().anyMatch(p -> source.equals(p.metadata().get("source")) && !p.answer().isBlank());
            boolean tested = read.stream().anyMatch(p -> source.equals(p.metadata().get("source")) && p.metadata().containsKey("test"));
            if (any || tested && kept.stream().anyMatch(p -> source.equals(p.metadata().get("source")))) continue;
            PoolManifest.Fields f = PoolManifest.read(e.getValue()).fields();
            String why = f.answerFrom() != null ? "fields.answer_from is \"" + f.answerFrom() + "\", but no solution (field '"
                    + f.solution() + "') holds a \\boxed{} answer: map the answer column with fields.answer instead"
                    : f.answer() != null ? "its answer field '" + f.answer() + "' is empty in every record: map another column"
                    : "it maps no answer: set fields.answer to the column holding the reference answer, or fields.answer_from to \""
                    + PoolManifest.Fields.SOLUTION_BOXED + "\" when the solutions end in \\boxed{}";
            throw new CurationException("pool '" + source + "' (" + e.getValue() + "): none of its " + n + " problems has a reference "
                    + "answer to check the teacher against; " + why + (tested ? " (its programming problems' tests run only with "
                    + "code execution allowed: curate --allow-code-execution)" : "") + ". See datasets/pools/README.md; nothing was "
                    + "sent to the teacher");
        }
    }

    /**
     * {@code pool}: every record read (the unreadable ones too), kept = the problems for the teacher; then one row
     * per step of the pool stage, so each reason to drop is counted.
     */
    private static void count(CurationRun run, int kept, List<Decision> audit) {
        int total = kept + audit.size();
        run.count("pool", total, kept);
        int in = total;
        for (String[] step : new String[][]{{"read", "read"}, {"reference", "reference"}, {"decontaminate", "decontaminate"},
                {"dedup", "dedup-exact", "dedup-near"}}) {
            List<String> stages = List.of(step).subList(1, step.length);
            int dropped = (int) audit.stream().filter(d -> stages.contains(d.stage())).count();
            run.count("pool/" + step[0], in, in - dropped);
            in -= dropped;
        }
    }
}
