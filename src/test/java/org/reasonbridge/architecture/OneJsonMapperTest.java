package org.reasonbridge.architecture;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.json.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One configured JSON mapper ({@link Json}): no other is built in product code, and its settings hold. */
class OneJsonMapperTest {
    /** Building a mapper: {@code new ObjectMapper(}, {@code JsonMapper.builder(}, {@code new JsonMapper(}. */
    private static final Pattern NEW_MAPPER = Pattern.compile("new\\s+(Object|Json)Mapper\\s*\\(|JsonMapper\\s*\\.\\s*builder\\s*\\(");

    @Test
    void noOtherMapperIsBuilt() {
        List<String> found = new ArrayList<>();
        for (Path file : LayeringTest.sources()) {
            if (file.endsWith(Path.of("model/json/Json.java"))) continue;
            if (NEW_MAPPER.matcher(LayeringTest.code(file)).find()) found.add(LayeringTest.root().relativize(file).toString());
        }
        assertEquals(List.of(), found, "build no mapper of your own: use org.reasonbridge.model.json.Json");
    }

    @Test
    void mapKeysAreWrittenSorted() throws JsonProcessingException {
        Map<String, Integer> m = new HashMap<>();
        for (String k : List.of("zeta", "alpha", "mu", "beta", "omega", "kappa")) m.put(k, k.length());
        assertEquals("{\"alpha\":5,\"beta\":4,\"kappa\":5,\"mu\":2,\"omega\":5,\"zeta\":4}", Json.MAPPER.writeValueAsString(m));
    }

    record Point(int x, int y) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "duplicate key     | {\"x\": 1, \"x\": 2, \"y\": 3}",
            "trailing text     | {\"x\": 1, \"y\": 2} {}",
            "unknown property  | {\"x\": 1, \"y\": 2, \"z\": 3}",
    })
    void refuses(String name, String json) {
        assertThrows(JsonProcessingException.class, () -> Json.MAPPER.readValue(json, Point.class));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "text for a number | {\"x\": \"1\", \"y\": 2}",
            "fraction for int  | {\"x\": 1.5, \"y\": 2}",
    })
    void strictRefusesCoercion(String name, String json) throws JsonProcessingException {
        assertEquals(new Point(1, 2), Json.MAPPER.readValue(json.replace("1.5", "1"), Point.class));
        assertThrows(JsonProcessingException.class, () -> Json.STRICT.readValue(json, Point.class));
    }

    @Test
    void lenientReadsOnlyWhatItKnows() throws Exception {
        assertEquals(new Point(1, 2), Json.lenient(Point.class).readValue("{\"x\": 1, \"y\": 2, \"z\": 3}"));
    }
}
