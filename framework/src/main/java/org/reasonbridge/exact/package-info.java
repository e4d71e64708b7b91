/**
 * Exact rational arithmetic ({@link org.reasonbridge.exact.Rational}), bounded so that pathological input fails
 * fast. Layer 1: shared by {@code grading} (answer values) and {@code inference} (arithmetic claims in traces);
 * imports nothing of the framework.
 */
package org.reasonbridge.exact;
