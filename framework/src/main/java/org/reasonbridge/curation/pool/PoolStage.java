package org.reasonbridge.curation.pool;

import org.reasonbridge.curation.audit.Decision;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool stages, by their audit names, in the order they run; each records the problems it drops as
 * {@link Decision}s. {@code reference} drops, before any teacher call, the problems whose answer nothing could check.
 */
public enum PoolStage {
    READ("read"), REFERENCE("reference"), DECONTAMINATE("decontaminate"), DEDUP_EXACT("dedup-exact"), DEDUP_NEAR("dedup-near");

    public final String id;

    PoolStage(String id) {
        this.id = id;
    }

    /** A problem (or a record that never became one, named {@code file:line}) dropped here for {@code reason}. */
    public Decision drop(String problemId, String reason, Map<String, String> details) {
        return Decision.drop(problemId, id, reason, new LinkedHashMap<>(details));
    }
}
