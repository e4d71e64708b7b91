package org.reasonbridge.curation;

import org.reasonbridge.curation.filter.DomainClassifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The domains: every well-formed traced problem classified once (the ablations draw from all of them) by the
 * configured classifier; a model classifier journals its calls. No file of its own: the audit and
 * {@code domains.csv} show the domains.
 */
final class DomainStep implements CurationStep {
    @Override
    public List<Curated> apply(List<Curated> records, CurationRun run) {
        List<Curated> placed = records.stream().filter(Curated::wellFormed).toList();
        List<DomainClassifier.Classification> domains = run.in.domains().classifyAll(placed.stream().map(Curated::problem).toList());
        List<Curated> out = new ArrayList<>(records.size());
        int next = 0;
        for (Curated c : records) out.add(c.wellFormed() ? c.withDomain(domains.get(next++)) : c);
        return out;
    }
}
