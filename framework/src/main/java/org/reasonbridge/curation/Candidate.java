package org.reasonbridge.curation;

import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

/** A problem with its trace and domain. */
public record Candidate(Problem problem, Trace trace, DomainClassifier.Classification domain) {
}
