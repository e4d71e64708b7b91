package org.reasonbridge.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against real Jinja2: {@code golden/jinja2-golden.jsonl} holds what Jinja2 3.1 rendered (or
 * raised) with transformers' chat-template environment, for nine real chat templates (Qwen2.5, Qwen3, Llama 3.1,
 * Mistral, DeepSeek-R1, Gemma, Gemma 3, Yi, Phi-3) over many conversations, 400 random whitespace-control
 * templates and a few hundred expressions. {@code golden/jinja2_golden.py} regenerates it.
 */
class Jinja2GoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, TemplateFunction> FUNCTIONS = Map.of("raise_exception", (args, kwargs) -> {
        throw new RaisedByTemplate(String.valueOf(args.get(0)));
    });

    /** What {@code raise_exception} throws here, to tell it apart from the interpreter's own errors. */
    private static final class RaisedByTemplate extends RuntimeException {
        RaisedByTemplate(String message) {
            super(message);
        }
    }

    /** The golden/ test resources next to this class (a folder on the test class path). */
    static Path goldenDir() {
        try {
            return Path.of(Jinja2GoldenTest.class.getResource("golden").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<String> lines = Files.readAllLines(goldenDir().resolve("jinja2-golden.jsonl"));
        JsonNode shared = JSON.readTree(lines.get(0));
        return lines.stream().skip(1).map(line -> {
            try {
                JsonNode c = JSON.readTree(line);
                return Arguments.of(c.get("name").asText(), c, shared);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeRealJinja2(String name, JsonNode c, JsonNode shared) throws IOException {
        String source = c.has("template_file") ? Files.readString(goldenDir().resolve(c.get("template_file").asText()))
                : c.get("template").asText();
        Map<String, Object> context = new HashMap<>();
        c.get("context").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isTextual() && v.asText().startsWith("@")) {
                String ref = v.asText().substring(1);
                v = ref.equals("tool") ? JSON.createArrayNode().add(shared.get("tool")) : shared.get("conversations").get(ref);
            }
            context.put(e.getKey(), JSON.convertValue(v, Object.class));
        });
        if (c.has("expected")) {
            assertEquals(c.get("expected").asText(), Template.parse(source).render(context, FUNCTIONS));
        } else if (c.has("raises")) {
            RaisedByTemplate e = assertThrows(RaisedByTemplate.class, () -> Template.parse(source).render(context, FUNCTIONS));
            assertEquals(c.get("raises").asText(), e.getMessage());
        } else {
            Exception e = assertThrows(TemplateException.class, () -> Template.parse(source).render(context, FUNCTIONS));
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "Jinja2: " + c.get("fails").asText());
        }
    }
}
