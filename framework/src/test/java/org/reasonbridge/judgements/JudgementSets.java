package org.reasonbridge.judgements;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.data.JsonLines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labelled judgement sets in {@code src/test/resources/judgements/} (see its README), read from the class path. */
final class JudgementSets {
    /** One labelled unit: its exact offsets in its trace's text. */
    record Unit(int start, int end, String level) {
    }

    /** A trace of the level set: the text made of its units, and the units. */
    record LevelTrace(String id, String style, String split, String text, List<Unit> units) {
    }

    /** A trace ending of the state set. */
    record Ending(String id, String style, String split, String phenomenon, String state, String problem, String thinking) {
    }

    private JudgementSets() {
    }

    static List<LevelTrace> levels() {
        Map<String, List<JsonNode>> byTrace = new LinkedHashMap<>();
        for (JsonLines.Row row : JsonLines.objects(file("levels.jsonl"))) {
            byTrace.computeIfAbsent(row.object().get("trace").asText(), k -> new ArrayList<>()).add(row.object());
        }
        List<LevelTrace> out = new ArrayList<>();
        byTrace.forEach((id, rows) -> {
            StringBuilder text = new StringBuilder();
            List<Unit> units = new ArrayList<>();
            for (JsonNode r : rows) {
                int start = text.length();
                text.append(r.get("text").asText());
                units.add(new Unit(start, text.length(), r.get("level").asText()));
                text.append(r.get("after").asText());
            }
            JsonNode first = rows.get(0);
            out.add(new LevelTrace(id, first.get("style").asText(), first.get("split").asText(), text.toString(), units));
        });
        return out;
    }

    static List<Ending> states() {
        List<Ending> out = new ArrayList<>();
        for (JsonLines.Row row : JsonLines.objects(file("states.jsonl"))) {
            JsonNode o = row.object();
            out.add(new Ending(o.get("id").asText(), o.get("style").asText(), o.get("split").asText(),
                    o.get("phenomenon").asText(), o.get("state").asText(), o.get("problem").asText(), o.get("thinking").asText()));
        }
        return out;
    }

    private static Path file(String name) {
        try {
            var url = JudgementSets.class.getResource("/judgements/" + name);
            if (url == null) throw new UncheckedIOException(new IOException("judgements/" + name + " not on the test class path"));
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
