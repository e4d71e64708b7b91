package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the stages of one run share: the inputs, the output folder, where the run starts, the listener, and what the
 * run reports (the pool's audit, counts per stage, notes for the reader).
 */
final class CurationRun {
    final CurationInputs in;
    final Path out;
    final CurationStage from;
    final CurationListener listener;
    final List<String> notes = new ArrayList<>();
    /** stage -> {in, kept}, in stage order. */
    final Map<String, int[]> counts = new LinkedHashMap<>();
    /** The pool stage's decisions (what it dropped), first in the audit. */
    List<Decision> poolAudit = List.of();

    CurationRun(CurationInputs in, Path out, CurationStage from, CurationListener listener) {
        this.in = in;
        this.out = out;
        this.from = from;
        this.listener = listener;
    }

    /** Whether {@code stage} runs (else it is read back from its file). */
    boolean runs(CurationStage stage) {
        return stage.runsFrom(from);
    }

    Path file(String name) {
        return out.resolve(name);
    }

    void count(String stage, int in, int kept) {
        counts.put(stage, new int[]{in, kept});
    }

    /**
     * Fails a stage that kept none of the problems it was given, naming the commonest reasons it dropped them and
     * where the decisions are: nothing after it could do anything, and a run that ends with an empty selection and
     * exit 0 hides why.
     */
    static void requireSome(String stage, int in, long kept, List<Decision> drops, String file, String hint) {
        if (in == 0 || kept > 0) return;
        throw new CurationException(stage + " kept none of the " + in + " problems it was given (" + topReasons(drops, 3) + "; every "
                + "decision is in " + file + ")" + (hint.isEmpty() ? "" : ": " + hint));
    }

    /** {@code wrong-answer 12, truncated 3, ...}: the commonest drop reasons, most first. */
    static String topReasons(List<Decision> drops, int n) {
        Map<String, Long> byReason = new TreeMap<>(drops.stream().filter(d -> !d.kept())
                .collect(Collectors.groupingBy(Decision::reason, Collectors.counting())));
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byReason.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        String top = sorted.stream().limit(n).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return top.isEmpty() ? "no decisions" : "dropped: " + top + (sorted.size() > n ? ", ..." : "");
    }

    /** A stage file read back must be about the problems the stage before it left, in the same order. */
    static void sameIds(Path file, List<String> ids, List<String> want, CurationStage stage) {
        if (ids.equals(want)) return;
        int i = 0;
        while (i < Math.min(ids.size(), want.size()) && ids.get(i).equals(want.get(i))) i++;
        throw new IllegalArgumentException(file + " does not match the stage before it: entry " + (i + 1) + " is "
                + (i < ids.size() ? "'" + ids.get(i) + "'" : "missing") + ", expected "
                + (i < want.size() ? "'" + want.get(i) + "'" : "none") + "; rerun from " + stage.id() + " (curate --from " + stage.id() + ")");
    }
}
