package org.reasonbridge.curation;

/**
 * The names of the files a curation run leaves in its output folder besides each stage's own
 * ({@link CurationStage#file}). Each file's format is read and written next to its record: {@code pool.jsonl} by
 * {@link org.reasonbridge.curation.pool.PoolFile}, {@code traces.jsonl} by {@link org.reasonbridge.teacher.TeacherOutcome},
 * decisions by {@link org.reasonbridge.curation.audit.Decision}, {@code difficulty.jsonl} by
 * {@link org.reasonbridge.curation.filter.DifficultyJournal}, examples by {@link org.reasonbridge.data.ExampleWriter}.
 */
public final class CurationFiles {
    /** The pool stage's decisions (every record it dropped, and why). */
    public static final String POOL_AUDIT = "pool-audit.jsonl";
    public static final String TEACHER_JOURNAL = "teacher-journal.jsonl";
    /** The journal of a teacher's domain classifications ({@code curate --domains teacher}). */
    public static final String DOMAIN_JOURNAL = "domain-journal.jsonl";
    public static final String AUDIT = "audit.jsonl";
    public static final String SUMMARY = "summary.csv";
    public static final String DOMAINS = "domains.csv";

    private CurationFiles() {
    }
}
