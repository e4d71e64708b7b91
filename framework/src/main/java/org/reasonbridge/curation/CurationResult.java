package org.reasonbridge.curation;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.Domain;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run produced.
 *
 * @param selected    the selection, in {@code reason1k.jsonl}'s order
 * @param audit       every stage's decisions, as in {@code audit.jsonl}
 * @param stageCounts stage -> {in, kept}
 * @param notes       what a reader of the run should know (journals moved aside, decisions reused, failures not retried)
 * @param records     every problem the pool left, with what each stage added to it
 */
public record CurationResult(List<Curated> selected, List<Decision> audit, Map<String, int[]> stageCounts, List<String> notes,
                             List<Curated> records) {
    /** {@code summary.csv} as a table: stage, in, kept, dropped. */
    public Table summary() {
        StringColumn stage = StringColumn.create("stage");
        IntColumn in = IntColumn.create("in"), kept = IntColumn.create("kept"), dropped = IntColumn.create("dropped");
        stageCounts.forEach((name, c) -> {
            stage.append(name);
            in.append(c[0]);
            kept.append(c[1]);
            dropped.append(c[0] - c[1]);
        });
        return Table.create("curation summary", stage, in, kept, dropped);
    }

    /** The selection per domain: code, title, selected (most first). */
    public Table domains() {
        Map<Domain, Integer> counts = new TreeMap<>(java.util.Comparator.comparing(Domain::code));
        selected.forEach(c -> counts.merge(c.domain().domain(), 1, Integer::sum));
        StringColumn code = StringColumn.create("domain"), title = StringColumn.create("title");
        IntColumn n = IntColumn.create("selected");
        counts.forEach((d, k) -> {
            code.append(d.code());
            title.append(d.title());
            n.append(k);
        });
        return Table.create("selected per domain", code, title, n).sortDescendingOn("selected");
    }

    /** The audit: id, stage, kept, reason (details stay in {@code audit.jsonl}); e.g. {@code .where(...)} on reason. */
    public Table auditTable() {
        StringColumn id = StringColumn.create("id"), stage = StringColumn.create("stage"), reason = StringColumn.create("reason");
        BooleanColumn kept = BooleanColumn.create("kept");
        for (Decision d : audit) {
            id.append(d.problemId());
            stage.append(d.stage());
            kept.append(d.kept());
            reason.append(d.reason());
        }
        return Table.create("curation audit", id, stage, kept, reason);
    }
}
