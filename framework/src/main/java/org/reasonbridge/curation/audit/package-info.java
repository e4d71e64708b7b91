/**
 * What every curation stage reports and how its files are read back: {@link org.reasonbridge.curation.audit.Decision}
 * (one line of an audit, with its JSON codec) and {@link org.reasonbridge.curation.audit.StageFile}. Below
 * {@code curation.pool} and {@code curation.filter}, which report in it, and below the pipeline that gathers them.
 */
package org.reasonbridge.curation.audit;
