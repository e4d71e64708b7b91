package org.reasonbridge.eval;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.training.ExampleRenderer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local model: the project's thinking-format prompt, greedy decoding, a fresh policy hook per problem. One
 * problem at a time, since a hook steers a whole batch and the model is not shared between threads.
 */
final class LocalSolver implements Solver {
    private final Model model;
    private final TestTimePolicy policy;
    private final ExampleRenderer renderer;

    LocalSolver(Model model, TestTimePolicy policy) {
        this.model = model;
        this.policy = policy;
        this.renderer = ExampleRenderer.forTokenizer(model.tokenizer());
    }

    @Override
    public Answer solve(Request r) {
        String prompt = renderer.prompt(r.userText());
        GenerationConfig config = GenerationConfig.greedy(r.maxTokens());
        DecodeHook hook = policy.hook(model, List.of(r.problem()));
        Generation g = model.generator().generate(List.of(model.tokenizer().encode(prompt)), config, hook,
                TokenListener.NONE).get(0);
        return new Answer(prompt, g.text(), null, g.promptIds().length, g.generatedIds().length, 1);
    }

    @Override
    public boolean concurrent() {
        return false;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "local");
        m.put("model", model.folder().toString());
        m.put("policy", policy.name());
        m.put("backend", org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
        return m;
    }
}
