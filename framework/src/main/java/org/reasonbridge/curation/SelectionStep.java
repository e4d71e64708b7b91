package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.audit.StageFile;
import org.reasonbridge.curation.filter.DiversitySampler;
import org.reasonbridge.curation.filter.Domain;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.data.ExampleWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The selection: s1's diversity sampling over the hard problems (a domain uniformly, then longer traces first,
 * length counted on the thinking without level tags; unclassified problems take no domain's share and only fill up
 * once every domain is exhausted), then every output: {@code reason1k.jsonl} (the training format through
 * {@link ExampleWriter}, plus answer, domain, teacher and provenance), {@code audit.jsonl} (each stage's decisions
 * in stage order), {@code summary.csv}, {@code domains.csv} and the {@link Ablation} sets.
 */
final class SelectionStep implements CurationStep {
    static final String STAGE = "selection";

    @Override
    public List<Curated> apply(List<Curated> records, CurationRun run) {
        Map<String, Integer> lengths = new HashMap<>(); // a tokenizer's count is not free, and the ablations sample again
        DiversitySampler<Curated> sampler = DiversitySampler.<Curated>of(c -> c.domain().code(),
                c -> lengths.computeIfAbsent(c.id(), id -> run.in.tokens().applyAsInt(c.levels().plain())))
                .drawingLast(Domain.UNCLASSIFIED.code());
        List<Curated> hard = records.stream().filter(Curated::hard).toList();
        List<Curated> picked = sampler.select(hard, run.in.size(), run.in.seed());
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < picked.size(); i++) position.put(picked.get(i).id(), i);
        List<Curated> out = records.stream().map(c -> position.containsKey(c.id()) ? c.withSelected(position.get(c.id())) : c).toList();
        List<Curated> selected = out.stream().filter(c -> c.selected() >= 0).sorted(Comparator.comparingInt(Curated::selected)).toList();
        run.count(STAGE, hard.size(), selected.size());

        writeExamples(run.file(CurationStage.SELECTION.file), selected);
        Decision.writeAll(run.file(CurationFiles.AUDIT), audit(out, run.poolAudit));
        writeSummary(run, selected);

        List<Curated> examples = out.stream().filter(c -> c.traced() && c.wellFormed()).toList();
        List<Curated> outHard = out.stream().filter(Curated::hard).toList();
        for (Ablation a : Ablation.values()) {
            Path file = run.file(a.file());
            if (!run.in.ablations().contains(a)) {
                deleteStale(file);
                continue;
            }
            writeExamples(file, switch (a) {
                case RANDOM -> DiversitySampler.randomN(examples, run.in.size(), run.in.seed());
                case FILTERED -> outHard;
                case NO_QUALITY -> sampler.select(examples.stream().filter(c -> c.difficulty() != null && c.difficulty().kept()).toList(),
                        run.in.size(), run.in.seed());
                case NO_DIFFICULTY -> sampler.select(out.stream().filter(Curated::clean).toList(), run.in.size(), run.in.seed());
                case NO_DIVERSITY -> DiversitySampler.randomN(outHard, run.in.size(), run.in.seed());
                case FULL -> examples;
            });
        }
        return out;
    }

    /** One decision per problem per stage that judged it, stage by stage, each stage in pool order. */
    static List<Decision> audit(List<Curated> records, List<Decision> poolAudit) {
        List<Decision> audit = new ArrayList<>(poolAudit);
        records.forEach(c -> audit.add(TeacherStep.decision(c)));
        records.stream().filter(c -> c.quality() != null).forEach(c -> audit.add(c.quality()));
        records.stream().filter(Curated::clean).forEach(c -> audit.add(c.difficulty()));
        for (Curated c : records) {
            if (!c.hard()) continue;
            DomainClassifier.Classification d = c.domain();
            Map<String, Object> why = new LinkedHashMap<>(Map.of("domain", d.code(), "title", d.domain().title(), "method", d.method(),
                    "matched", d.matched()));
            if (!d.note().isEmpty()) why.put("note", d.note()); // why a model's answer fell back to the keywords
            audit.add(Decision.keep(c.id(), "domain", why));
        }
        for (Curated c : records) {
            if (!c.hard()) continue;
            audit.add(c.selected() >= 0 ? Decision.keep(c.id(), STAGE, Map.of())
                    : Decision.drop(c.id(), STAGE, "not-selected", Map.of("domain", c.domain().code())));
        }
        return audit;
    }

    private static void writeExamples(Path file, List<Curated> examples) {
        ExampleWriter.write(file, examples, Curated::example, Curated::exampleFields);
    }

    private static void deleteStale(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot remove the stale ablation", e);
        }
    }

    /** {@code summary.csv} (stage, in, kept, dropped) and {@code domains.csv} (code, title, selected; by code). */
    private static void writeSummary(CurationRun run, List<Curated> selected) {
        List<String> stages = new ArrayList<>(List.of("stage,in,kept,dropped"));
        run.counts.forEach((stage, c) -> stages.add(stage + "," + c[0] + "," + c[1] + "," + (c[0] - c[1])));
        StageFile.write(run.file(CurationFiles.SUMMARY), stages.stream());
        Map<String, Integer> perDomain = new TreeMap<>();
        Map<String, String> titles = new HashMap<>();
        for (Curated c : selected) {
            perDomain.merge(c.domain().code(), 1, Integer::sum);
            titles.put(c.domain().code(), c.domain().domain().title());
        }
        List<String> domains = new ArrayList<>(List.of("domain,title,selected"));
        perDomain.forEach((d, n) -> domains.add(d + "," + csv(titles.get(d)) + "," + n));
        StageFile.write(run.file(CurationFiles.DOMAINS), domains.stream());
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
