package org.reasonbridge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.curation.Ablation;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.training.TrainingConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipe config parses, and a broken config is refused naming the key; the Table 2 variants parse into the
 * training configs they say, and an unknown variant name lists the valid ones.
 */
class AblationConfigTest {
    private static final Path RECIPE = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize()
            .resolve("configs").resolve("qwen2.5-7b.json");

    @Test
    void theQwenRecipeIsValid() {
        AblationConfig c = AblationConfig.read(RECIPE);
        assertEquals(Path.of("models/Qwen2.5-7B-Instruct"), c.student());
        assertEquals("anthropic", c.curation().provider());
        assertEquals(2, c.curation().solvers().size());
        assertEquals(List.of("math500", "aime2024"), List.copyOf(c.sets().keySet()));
        assertEquals("gii", c.policy());
        assertEquals(1000, c.curation().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/studnt|\"x\"|key 'studnt': unknown (did you mean 'student'?)",
            "/student|7|key 'student': must be a string",
            "/curation/teacher/provider|\"openia\"|key 'curation.teacher.provider': must be one of openai, anthropic, gemini, local",
            "/curation/teacher/rpm|\"fast\"|key 'curation.teacher.rpm': must be \"auto\" or a number",
            "/curation/solvers|[]|key 'curation.solvers': needs at least one solver",
            "/curation/size|\"1000\"|key 'curation.size': must be an integer",
            "/training/learningRat|0.1|key 'learningRat': unknown",
            "/trainingOverrides/loraa|{}|key 'trainingOverrides.loraa': no such variant (did you mean 'lora'?)",
            "/policy|\"guided\"|key 'policy'",
            "/evaluation/sets/math500/benchmark|\"math5000\"|key 'evaluation.sets.math500.benchmark': must be one of",
            "/evaluation/maxTokens|8|key 'evaluation.maxTokens': must be >= 16",
    })
    void aBrokenConfigNamesTheKey(String pointer, String value, String message) throws Exception {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(RECIPE.toFile());
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) root.at(pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), Json.MAPPER.readTree(value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AblationConfig.of(root, "recipe.json"));
        assertTrue(e.getMessage().contains(message) && e.getMessage().startsWith("recipe.json"), e.getMessage());
    }

    @Test
    void aMissingSectionIsNamed() throws Exception {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(RECIPE.toFile());
        root.remove("evaluation");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AblationConfig.of(root, "r.json"));
        assertEquals("r.json: key 'evaluation': missing", e.getMessage());
    }

    @Test
    void variantsChangeOnePartEach() {
        AblationSetup setup = new AblationSetup(Path.of("."), Path.of("curation"),
                Map.of("s", new AblationSetup.EvalSet(null, Path.of("s.jsonl"))), "{\"bottleneck\": 64, \"learningRate\": 0.01}",
                Map.of("full-finetune", "{\"learningRate\": 0.003}"), "gii", new Stages.EvalSettings(64, true), 0,
                AblationSetup.DataPrep.AS_IS, Map.of());
        Map<String, Table2Variant> all = new java.util.LinkedHashMap<>();
        Table2Variant.all().forEach(v -> all.put(v.name(), v));
        TrainingConfig full = AblationStudy.config(setup, all.get("full"));
        assertEquals("bottleneck", full.method());
        assertEquals("hierarchical", full.loss());
        assertEquals(List.of("strategic"), AblationStudy.config(setup, all.get("no-strategic")).dropLevels());
        assertEquals("lora", AblationStudy.config(setup, all.get("lora")).method());
        assertEquals("sft", AblationStudy.config(setup, all.get("sft")).loss());
        TrainingConfig ft = AblationStudy.config(setup, all.get("full-finetune"));
        assertEquals("full", ft.method());
        assertEquals(0.003, ft.learningRate());
        assertEquals(0.01, AblationStudy.config(setup, all.get("random")).learningRate());
        assertEquals(Set.of(Ablation.NO_QUALITY, Ablation.NO_DIFFICULTY, Ablation.NO_DIVERSITY, Ablation.RANDOM, Ablation.FULL),
                Table2Variant.dataNeeded(Table2Variant.all()));
    }

    @Test
    void variantsAreNamedInThePapersOrderWithFullFirst() {
        assertEquals(List.of("full", "random", "sft"), Table2Variant.named("sft, random").stream().map(Table2Variant::name).toList());
        assertEquals(13, Table2Variant.named(null).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table2Variant.named("full,no-qualty"));
        assertTrue(e.getMessage().contains("no variant 'no-qualty'") && e.getMessage().contains("did you mean 'no-quality'")
                && e.getMessage().contains(Table2Variant.names()), e.getMessage());
    }

    @Test
    void recordsDifferNamingTheKey() throws Exception {
        JsonNode a = Json.MAPPER.readTree("{\"training\": {\"loss\": \"sft\", \"epochs\": 3}, \"policy\": \"gii\"}");
        JsonNode b = Json.MAPPER.readTree("{\"training\": {\"loss\": \"hierarchical\", \"epochs\": 3}, \"policy\": \"gii\"}");
        assertEquals("training.loss", AblationStudy.firstDifference(a, b));
        assertEquals(null, AblationStudy.firstDifference(a, a.deepCopy()));
        // what a record wrote (a long seed) and what it reads back (an int) are the same number
        JsonNode written = Json.MAPPER.createObjectNode().put("seed", 7L), read = Json.MAPPER.createObjectNode().put("seed", 7);
        assertEquals(null, AblationStudy.firstDifference(written, read));
        assertEquals("seed", AblationStudy.firstDifference(written, Json.MAPPER.createObjectNode().put("seed", 8)));
    }
}
