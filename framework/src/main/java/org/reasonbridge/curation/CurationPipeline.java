package org.reasonbridge.curation;

import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.DifficultyJournal;
import org.reasonbridge.curation.filter.DiversitySampler;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.curation.filter.QualityFilter;
import org.reasonbridge.curation.pool.Decontaminator;
import org.reasonbridge.curation.pool.Deduplicator;
import org.reasonbridge.curation.pool.PoolReader;
import org.reasonbridge.curation.pool.PoolResult;
import org.reasonbridge.curation.pool.PoolStage;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.teacher.TeacherOutcome;
import org.reasonbridge.teacher.TeacherRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The curation method end to end: pool -> teacher traces -> quality -> difficulty -> domains -> selection, each
 * {@link CurationStage} leaving its file in the output folder: {@code pool.jsonl} and {@code pool-audit.jsonl},
 * {@code traces.jsonl} (with the teacher's crash-safe {@code teacher-journal.jsonl}), {@code quality.jsonl},
 * {@code difficulty.jsonl} (journaled per problem), then {@code reason1k.jsonl} (problem, trace, solution, domain,
 * provenance), {@code audit.jsonl} (one decision per problem per stage that judged it, in stage order),
 * {@code summary.csv} (counts per stage), {@code domains.csv} (selected per domain) and the {@link Ablation} sets.
 *
 * <p>A run can start at any stage ({@link #run(CurationInputs, Path, CurationStage)}): earlier stages are read back from
 * their files. Paid teacher calls and solver attempts are journaled, so a killed run restarted on the same folder
 * repeats none that had finished; every other stage is a deterministic function of its inputs, so the outputs equal
 * an uninterrupted run's.
 */
public final class CurationPipeline {
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
        List<String> notes = new ArrayList<>();
        Map<String, int[]> counts = new LinkedHashMap<>(); // stage -> {in, kept}

        // ---- pool: read, de-duplicate, decontaminate
        List<Problem> problems;
        List<Decision> poolAudit;
        if (CurationStage.POOL.runsFrom(from)) {
            List<Problem> read = new ArrayList<>();
            List<Decision> decisions = new ArrayList<>();
            for (Path manifest : in.poolManifests()) {
                PoolResult r = PoolReader.read(manifest);
                read.addAll(r.kept());
                decisions.addAll(r.decisions());
            }
            PoolResult pool = Deduplicator.dedup(read).then(kept -> Decontaminator.of(in.evaluationSets()).decontaminate(kept));
            decisions.addAll(pool.decisions());
            problems = pool.kept();
            poolAudit = decisions;
            CurationFiles.writeLines(out.resolve(CurationStage.POOL.file), problems.stream().map(CurationFiles::problemJson));
            CurationFiles.writeDecisions(out.resolve(CurationFiles.POOL_AUDIT), poolAudit);
        } else {
            problems = CurationFiles.readProblems(out.resolve(CurationStage.POOL.file));
            poolAudit = CurationFiles.readDecisions(out.resolve(CurationFiles.POOL_AUDIT));
        }
        // the records read = those kept + those de-duplication and decontamination dropped (unreadable ones never counted)
        long dropped = poolAudit.stream().filter(d -> !d.stage().equals(PoolStage.READ.id)).count();
        counts.put("pool", new int[]{problems.size() + (int) dropped, problems.size()});
        List<Decision> audit = new ArrayList<>(poolAudit);

        // ---- teacher traces (journaled)
        List<TeacherOutcome> outcomes;
        Path tracesFile = out.resolve(CurationStage.TEACHER.file);
        if (CurationStage.TEACHER.runsFrom(from)) {
            outcomes = new TeacherRun(in.teacher(), out.resolve(CurationFiles.TEACHER_JOURNAL), in.teacherOptions())
                    .run(problems, n -> listener.progress(CurationStage.TEACHER, n, problems.size()));
            TeacherOutcome.write(tracesFile, outcomes);
        } else {
            outcomes = CurationFiles.readOutcomes(tracesFile);
            sameIds(tracesFile, outcomes.stream().map(TeacherOutcome::problemId).toList(), problems, CurationStage.TEACHER);
        }
        List<Problem> tracedProblems = new ArrayList<>();
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            TeacherOutcome o = outcomes.get(i);
            if (o.done()) {
                tracedProblems.add(problems.get(i));
                traces.add(o.trace());
            } else {
                audit.add(Decision.drop(o.problemId(), "teacher", "teacher-failed", Map.of("reason", o.reason())));
            }
        }
        counts.put("teacher", new int[]{problems.size(), tracedProblems.size()});
        // each traced problem classified once (the ablations draw from all of them); a model classifier journals its calls
        List<DomainClassifier.Classification> domains = in.domains().classifyAll(tracedProblems);
        List<Candidate> traced = new ArrayList<>();
        for (int i = 0; i < tracedProblems.size(); i++) traced.add(new Candidate(tracedProblems.get(i), traces.get(i), domains.get(i)));

        // ---- quality
        List<Decision> quality;
        Path qualityFile = out.resolve(CurationStage.QUALITY.file);
        if (CurationStage.QUALITY.runsFrom(from)) {
            quality = QualityFilter.defaults().apply(tracedProblems, traces);
            CurationFiles.writeDecisions(qualityFile, quality);
        } else {
            quality = CurationFiles.readDecisions(qualityFile);
            sameIds(qualityFile, quality.stream().map(Decision::problemId).toList(), tracedProblems, CurationStage.QUALITY);
        }
        audit.addAll(quality);
        List<Candidate> clean = new ArrayList<>();
        List<Candidate> unclean = new ArrayList<>();
        for (int i = 0; i < traced.size(); i++) (quality.get(i).kept() ? clean : unclean).add(traced.get(i));
        counts.put("quality", new int[]{traced.size(), clean.size()});

        // ---- difficulty (every solver must fail); the no-quality ablation also needs verdicts on what quality dropped
        List<Candidate> judged = new ArrayList<>(clean);
        if (in.ablations().contains(Ablation.NO_QUALITY)) judged.addAll(unclean);
        List<Problem> judgedProblems = judged.stream().map(Candidate::problem).toList();
        Path difficultyFile = out.resolve(CurationStage.DIFFICULTY.file);
        List<Decision> verdicts;
        if (CurationStage.DIFFICULTY.runsFrom(from)) {
            DifficultyFilter filter = in.difficulty();
            try (DifficultyJournal journal = DifficultyJournal.open(difficultyFile, filter.identity())) {
                journal.movedAside().ifPresent(p -> notes.add(difficultyFile.getFileName() + " was written with other solvers or "
                        + "limits; moved to " + p.getFileName() + " and the solvers asked again"));
                long reused = judgedProblems.stream().filter(p -> journal.reusable(p).isPresent()).count();
                if (reused > 0) notes.add("difficulty: " + reused + " of " + judgedProblems.size() + " verdicts reused from " + difficultyFile.getFileName());
                verdicts = filter.apply(judgedProblems, journal, n -> listener.progress(CurationStage.DIFFICULTY, n, judgedProblems.size()));
            }
        } else {
            verdicts = DifficultyJournal.decisionsFor(difficultyFile, judgedProblems);
        }
        List<Decision> difficulty = verdicts.subList(0, clean.size());
        audit.addAll(difficulty);
        List<Candidate> hard = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            Candidate c = clean.get(i);
            if (difficulty.get(i).kept()) {
                hard.add(c);
                DomainClassifier.Classification d = c.domain();
                Map<String, Object> why = new LinkedHashMap<>(Map.of("domain", d.code(), "method", d.method(), "matched", d.matched()));
                if (!d.note().isEmpty()) why.put("note", d.note()); // why a model's answer fell back to the keywords
                audit.add(Decision.keep(c.problem().id(), "domain", why));
            }
        }
        counts.put("difficulty", new int[]{clean.size(), hard.size()});

        // ---- selection: uniform over domains, longer traces first within one
        Map<String, Integer> lengths = new HashMap<>(); // a tokenizer's count is not free, and the ablations sample again
        DiversitySampler<Candidate> sampler = DiversitySampler.of(c -> c.domain().code(),
                c -> lengths.computeIfAbsent(c.problem().id(), id -> in.tokens().applyAsInt(c.trace().thinking())));
        List<Candidate> selected = sampler.select(hard, in.size(), in.seed());
        Set<String> chosen = new HashSet<>();
        selected.forEach(c -> chosen.add(c.problem().id()));
        for (Candidate c : hard) {
            audit.add(chosen.contains(c.problem().id()) ? Decision.keep(c.problem().id(), "selection", Map.of())
                    : Decision.drop(c.problem().id(), "selection", "not-selected", Map.of("domain", c.domain().code())));
        }
        counts.put("selection", new int[]{hard.size(), selected.size()});

        writeExamples(out.resolve(CurationStage.SELECTION.file), selected);
        CurationFiles.writeDecisions(out.resolve(CurationFiles.AUDIT), audit);
        writeSummary(out, counts, selected);

        // ---- ablations
        for (Ablation a : Ablation.values()) {
            Path file = out.resolve(a.file());
            if (!in.ablations().contains(a)) {
                deleteStale(file);
                continue;
            }
            writeExamples(file, switch (a) {
                case RANDOM -> DiversitySampler.randomN(traced, in.size(), in.seed());
                case FILTERED -> hard;
                case NO_QUALITY -> sampler.select(keptBy(traced, judged, verdicts), in.size(), in.seed());
                case NO_DIFFICULTY -> sampler.select(clean, in.size(), in.seed());
                case NO_DIVERSITY -> DiversitySampler.randomN(hard, in.size(), in.seed());
            });
        }
        return new CurationResult(selected, audit, counts, notes);
    }

    /** The candidates of {@code all} that a decision (same position in {@code judged}) kept, in {@code all}'s order. */
    private static List<Candidate> keptBy(List<Candidate> all, List<Candidate> judged, List<Decision> decisions) {
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < judged.size(); i++) if (decisions.get(i).kept()) kept.add(judged.get(i).problem().id());
        return all.stream().filter(c -> kept.contains(c.problem().id())).toList();
    }

    /** A stage file read back must be about the problems the stage before it left, in the same order. */
    private static void sameIds(Path file, List<String> ids, List<Problem> expected, CurationStage stage) {
        List<String> want = expected.stream().map(Problem::id).toList();
        if (ids.equals(want)) return;
        int i = 0;
        while (i < Math.min(ids.size(), want.size()) && ids.get(i).equals(want.get(i))) i++;
        throw new IllegalArgumentException(file + " does not match the stage before it: entry " + (i + 1) + " is "
                + (i < ids.size() ? "'" + ids.get(i) + "'" : "missing") + ", expected "
                + (i < want.size() ? "'" + want.get(i) + "'" : "none") + "; rerun from " + stage.id() + " (curate --from " + stage.id() + ")");
    }

    private static void writeExamples(Path file, List<Candidate> examples) {
        CurationFiles.writeLines(file, examples.stream().map(CurationFiles::exampleJson));
    }

    private static void deleteStale(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot remove the stale ablation", e);
        }
    }

    private static void writeSummary(Path out, Map<String, int[]> counts, List<Candidate> selected) {
        List<String> stages = new ArrayList<>(List.of("stage,in,kept,dropped"));
        counts.forEach((stage, c) -> stages.add(stage + "," + c[0] + "," + c[1] + "," + (c[0] - c[1])));
        CurationFiles.writeLines(out.resolve(CurationFiles.SUMMARY), stages.stream());
        Map<String, Integer> perDomain = new TreeMap<>();
        selected.forEach(c -> perDomain.merge(c.domain().code(), 1, Integer::sum));
        List<String> domains = new ArrayList<>(List.of("domain,selected"));
        perDomain.forEach((d, n) -> domains.add(d + "," + n));
        CurationFiles.writeLines(out.resolve(CurationFiles.DOMAINS), domains.stream());
    }
}
