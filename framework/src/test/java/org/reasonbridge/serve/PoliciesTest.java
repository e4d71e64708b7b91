package org.reasonbridge.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.inference.BudgetForcing;
import org.reasonbridge.inference.InterventionPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;
import org.reasonbridge.model.io.DType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each policy of the registry gives the server a fresh working hook per request, for chat and completion requests. */
class PoliciesTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"none", "gii", "budget-forcing"})
    void everyPolicyDecodes(String name) {
        RandomCheckpoint.write(dir.resolve(name), ModelPreset.TINY.config(ModelFamily.QWEN2), 2, DType.F32);
        try (Model m = Model.load(dir.resolve(name))) {
            GenerationConfig cfg = GenerationConfig.greedy(12);
            GenerationRequest chat = new GenerationRequest(GenerationRequest.Kind.CHAT,
                    List.of(Map.of("role", "user", "content", "What is 6 * 7?")), Map.of(), List.of(), cfg, false, false, false);
            GenerationRequest completion = new GenerationRequest(GenerationRequest.Kind.COMPLETION, List.of(), Map.of(),
                    List.of("<think>\n"), cfg, false, false, false);
            TestTimePolicy policy = TestTimePolicy.named(name);
            // what OpenAiServer.start(model, config, policy) builds per request
            java.util.function.Function<GenerationRequest, DecodeHook> factory = r -> policy.hook(m, r.problems());
            for (GenerationRequest r : List.of(chat, completion)) {
                DecodeHook hook = factory.apply(r);
                switch (name) {
                    case "gii" -> assertInstanceOf(InterventionPolicy.class, hook);
                    case "budget-forcing" -> assertInstanceOf(BudgetForcing.class, hook);
                    default -> assertEquals(DecodeHook.NONE, hook);
                }
                Generation g = m.generator().generate(List.of(m.tokenizer().encode("<think>\n")), cfg, hook,
                        TokenListener.NONE).get(0);
                assertTrue(g.generatedIds().length > 0);
            }
            assertTrue(factory.apply(chat) != factory.apply(chat) || name.equals("none"), "a fresh hook per request");
        }
    }

    @Test
    void eachRowIsAboutItsLastUserMessageOrItsPrompt() {
        GenerationConfig cfg = GenerationConfig.greedy(1);
        assertEquals(List.of("second"), new GenerationRequest(GenerationRequest.Kind.CHAT, List.of(
                Map.of("role", "user", "content", "first"), Map.of("role", "assistant", "content", "a"),
                Map.of("role", "user", "content", "second")), Map.of(), List.of(), cfg, false, false, false).problems());
        assertEquals(List.of("p1", "p2"), new GenerationRequest(GenerationRequest.Kind.COMPLETION, List.of(), Map.of(),
                List.of("p1", "p2"), cfg, false, false, false).problems());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestTimePolicy.named("s1"));
        assertTrue(e.getMessage().contains("[none, gii, budget-forcing]"), e.getMessage());
    }
}
