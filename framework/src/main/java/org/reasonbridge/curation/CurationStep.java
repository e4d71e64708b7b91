package org.reasonbridge.curation;

import java.util.List;

/**
 * One stage of the pipeline over the {@link Curated} records: it runs (asking the teacher, the rules, the solvers)
 * and writes its file, or, when the run starts after it, reads back what an earlier run wrote, and returns the
 * records with its field added. A stage that keeps none of what it was given fails, naming why.
 */
interface CurationStep {
    List<Curated> apply(List<Curated> records, CurationRun run);
}
