/**
 * The curation filters of the method's first pillar (s1's recipe), each reporting one
 * {@link org.reasonbridge.curation.audit.Decision} per problem: {@link org.reasonbridge.curation.filter.QualityFilter}
 * (the named {@link org.reasonbridge.curation.filter.QualityRule}s), {@link
 * org.reasonbridge.curation.filter.DifficultyFilter} (keep what every solver fails), the domain classifiers
 * ({@link org.reasonbridge.curation.filter.KeywordDomainClassifier} offline, {@link
 * org.reasonbridge.curation.filter.ModelDomainClassifier} by a teacher with s1's MSC rubric) and {@link
 * org.reasonbridge.curation.filter.DiversitySampler} (uniform domain, then 2^-rank by trace length).
 */
package org.reasonbridge.curation.filter;
