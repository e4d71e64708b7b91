package org.reasonbridge.curation.pool;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.curation.audit.StageFile;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code pool.jsonl}, the problems the pool stage leaves for the teacher, one per line:
 * <pre>
 * {"id":"numinamath-cot:row-7","problem":"...","answer":"12","choices":[...],"provenance":{"source":...,"solution":...}}
 * </pre>
 * ({@code choices} only for multiple choice; {@code provenance} is the problem's metadata, in its order, which a
 * rerun from the file keeps.)
 */
public final class PoolFile {
    private PoolFile() {
    }

    /** One problem as its line. */
    public static String toJson(Problem p) {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("id", p.id());
        o.put("problem", p.question());
        o.put("answer", p.answer());
        if (!p.choices().isEmpty()) o.set("choices", JsonLines.JSON.valueToTree(p.choices()));
        o.set("provenance", JsonLines.JSON.valueToTree(p.metadata()));
        return o.toString();
    }

    /** A problem read back from its line. */
    public static Problem fromJson(JsonNode o) {
        return new Problem(StageFile.text(o, "id"), StageFile.text(o, "problem"), StageFile.text(o, "answer"),
                JsonLines.JSON.convertValue(o.path("choices").isMissingNode() ? JsonLines.JSON.createArrayNode() : o.get("choices"),
                        new TypeReference<List<String>>() { }),
                JsonLines.JSON.convertValue(o.path("provenance").isObject() ? o.get("provenance") : JsonLines.JSON.createObjectNode(),
                        new TypeReference<LinkedHashMap<String, String>>() { }));
    }

    /** The problems of a {@code pool.jsonl}, in order. */
    public static List<Problem> read(Path file) {
        return StageFile.read(file, PoolFile::fromJson);
    }

    public static void write(Path file, List<Problem> problems) {
        StageFile.write(file, problems.stream().map(PoolFile::toJson));
    }
}
