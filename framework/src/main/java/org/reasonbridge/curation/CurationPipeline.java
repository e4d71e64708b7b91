package org.reasonbridge.curation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The curation method end to end: a list of stages over one {@link Curated} record per problem, each adding its
 * field and leaving its file in the output folder: pool ({@code pool.jsonl}, {@code pool-audit.jsonl}), teacher
 * ({@code traces.jsonl}, with the crash-safe {@code teacher-journal.jsonl}), quality ({@code quality.jsonl}),
 * difficulty ({@code difficulty.jsonl}, journaled per problem), domains, selection ({@code reason1k.jsonl},
 * {@code audit.jsonl}, {@code summary.csv}, {@code domains.csv} and the {@link Ablation} sets).
 *
 * <p>A run can start at any stage ({@link #run(CurationInputs, Path, CurationStage)}): earlier stages are read back from
 * their files. Paid teacher calls and solver attempts are journaled, so a killed run restarted on the same folder
 * repeats none that had finished; every other stage is a deterministic function of its inputs, so the outputs equal
 * an uninterrupted run's. A stage that keeps nothing fails ({@link CurationException}) naming why, and so does a pool
 * that cannot be read or yields no reference answer, before the teacher is asked.
 */
public final class CurationPipeline {
    /** The stages in order. */
    private static final List<CurationStep> STEPS = List.of(new PoolStep(), new TeacherStep(), new QualityStep(),
            new DifficultyStep(), new DomainStep(), new SelectionStep());

    private CurationPipeline() {
    }

    /** Every stage. */
    public static CurationResult run(CurationInputs in, Path out) {
        return run(in, out, CurationStage.POOL);
    }

    /** The stages from {@code from} on; the earlier ones are read from their files in {@code out}. */
    public static CurationResult run(CurationInputs in, Path out, CurationStage from) {
        return run(in, out, from, CurationListener.NONE);
    }

    /** {@link #run(CurationInputs, Path, CurationStage)}, reporting progress to {@code listener}. */
    public static CurationResult run(CurationInputs in, Path out, CurationStage from, CurationListener listener) {
        in.checkFor(from);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder", e);
        }
        CurationRun run = new CurationRun(in, out, from, listener);
        List<Curated> records = List.of();
        for (CurationStep step : STEPS) records = step.apply(records, run);
        List<Curated> selected = records.stream().filter(c -> c.selected() >= 0).sorted(Comparator.comparingInt(Curated::selected)).toList();
        return new CurationResult(selected, SelectionStep.audit(records, run.poolAudit), run.counts, run.notes, records);
    }
}
