package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;
import org.reasonbridge.model.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Generates a continuation of a prompt, or an answer to a chat message through the model's chat template. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate text from a model folder (streams to standard output).",
                "Statistics go to standard error; --json prints one JSON object instead."})
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "Raw prompt, continued as is.")
        String prompt;
        @Option(names = "--chat", paramLabel = "TEXT", description = "A user message, rendered through the chat template.")
        String chat;
    }

    @Option(names = "--adapters", paramLabel = "DIR",
            description = "Trained adapters (adapter_model.safetensors + adapter_config.json) to load onto the model.")
    Path adapters;
    @Option(names = "--system", paramLabel = "TEXT", description = "System message for --chat.")
    String system;
    @Option(names = "--no-thinking", description = "Pass enable_thinking=false to the chat template.")
    boolean noThinking;
    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (default).")
    double temperature;
    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "0 = off (default).")
    int topK;
    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "1 = off (default).")
    double topP;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--stop", paramLabel = "STRING", description = "Stop string (repeatable).")
    List<String> stop = new ArrayList<>();
    @Option(names = "--json", description = "Print {text, prompt_tokens, generated_tokens, finish_reason, ...} as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        GenerationConfig cfg;
        try {
            cfg = new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, null, stop);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flags(e.getMessage()));
        }
        long t0 = System.nanoTime();
        Path dir = model.resolve();
        if (adapters != null) PathArgs.inputFolder(adapters, "--adapters", "the --out folder of a train run");
        try (Model m = adapters == null ? Model.load(dir) : Model.load(dir, adapters)) {
            long t1 = System.nanoTime();
            TokenListener stream = json ? TokenListener.NONE : (row, token, delta) -> out.print(delta);
            Generation g;
            if (input.prompt != null) {
                g = m.generate(input.prompt, cfg, DecodeHook.NONE, stream);
            } else {
                List<Map<String, Object>> messages = new ArrayList<>();
                if (system != null) messages.add(Map.of("role", "system", "content", system));
                messages.add(Map.of("role", "user", "content", input.chat));
                Map<String, Object> vars = noThinking ? Map.of("enable_thinking", false) : Map.of();
                g = m.chat(messages, cfg, vars, DecodeHook.NONE, stream);
            }
            long t2 = System.nanoTime();
            double genSeconds = (t2 - t1) / 1e9;
            if (json) {
                ObjectMapper mapper = Json.MAPPER;
                ObjectNode o = mapper.createObjectNode();
                o.put("model", m.folder().toString());
                o.put("text", g.text());
                o.put("prompt_tokens", g.promptIds().length);
                o.put("generated_tokens", g.generatedIds().length);
                o.put("finish_reason", g.finishReason().name().toLowerCase());
                o.put("seconds", Math.round(genSeconds * 1000) / 1000.0);
                out.println(o);
            } else {
                out.println();
                System.err.printf("[%d prompt + %d generated tokens, %s, load %.2f s, generate %.2f s (%.1f tokens/s)]%n",
                        g.promptIds().length, g.generatedIds().length, g.finishReason().name().toLowerCase(),
                        (t1 - t0) / 1e9, genSeconds, g.generatedIds().length / Math.max(genSeconds, 1e-9));
            }
        }
        return 0;
    }

    /** GenerationConfig's field names in a message, as the flags the user typed ({@code topP} -> {@code --top-p}). */
    private static String flags(String message) {
        return message.replace("maxNewTokens", "--max-new-tokens").replace("temperature", "--temperature")
                .replace("topK", "--top-k").replace("topP", "--top-p").replace("stopStrings", "--stop");
    }
}
