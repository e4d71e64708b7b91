package org.reasonbridge.data;

import java.util.Map;

/**
 * One training example of the method: a problem, the teacher's reasoning trace and the final solution, with
 * where it came from. Read from and written to JSON Lines ({@link ExampleReader}).
 *
 * @param id         stable identifier (unique within a file)
 * @param problem    the question as posed to the student
 * @param trace      the teacher's thinking, optionally tagged with reasoning levels
 * @param solution   the answer part (what follows the thinking), including the final answer
 * @param provenance free-form origin: source, original id, line, domain ...
 */
public record Example(String id, String problem, String trace, String solution, Map<String, String> provenance) {
    public Example {
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance)); // keeps the order, so output files repeat exactly
    }
}
