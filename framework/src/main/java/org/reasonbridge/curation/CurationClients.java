package org.reasonbridge.curation;

import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.AnthropicModel;
import org.reasonbridge.lm.GeminiModel;
import org.reasonbridge.lm.HostedEndpoint;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LocalLanguageModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.teacher.TeacherClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The teacher and the solvers curation talks to, made from what a user names: a provider and endpoint for the
 * teacher, a model folder or {@code URL@MODEL} for each solver. One home for {@code curate}'s flags and the ablation
 * study's config. Local models loaded here are added to {@code loaded}, for the caller to close.
 */
public final class CurationClients {
    /** The teacher providers. */
    public static final List<String> PROVIDERS = List.of("openai", "anthropic", "gemini", "local");

    private CurationClients() {
    }

    /**
     * A teacher: {@code openai} (any OpenAI-compatible server at {@code url}), {@code anthropic} or {@code gemini}
     * (hosted; {@code url} null for the provider's own), or {@code local} (a model folder at {@code url}).
     */
    public static TeacherClient teacher(String provider, String url, String model, String keyEnv, int maxTokens, List<Model> loaded) {
        return switch (provider) {
            case "openai" -> new LmTeacher(new OpenAiChatModel(new OpenAiClient(keyEnv == null ? OpenAiClientConfig.of(url)
                    : OpenAiClientConfig.of(url).withApiKeyEnv(keyEnv)), model), maxTokens);
            // the hosted providers' own budget (HostedEndpoint: 16384 tokens, 8192 of them thinking) as before
            case "anthropic" -> new LmTeacher(new AnthropicModel(HostedEndpoint.of(url, model, keyEnv), System::getenv));
            case "gemini" -> new LmTeacher(new GeminiModel(HostedEndpoint.of(url, model, keyEnv), System::getenv));
            case "local" -> {
                Model m = Model.load(Path.of(url));
                loaded.add(m);
                // through the chat template alone, greedy: the model thinks as its template asks
                yield new LmTeacher(new LocalLanguageModel(m, LocalLanguageModel.Options.defaults().withOpenThinking(false)), maxTokens);
            }
            default -> throw new IllegalArgumentException("the teacher must be one of " + String.join(", ", PROVIDERS) + ", got " + provider);
        };
    }

    /** A solver: {@code URL@MODEL} (an OpenAI-compatible server such as vLLM, retried) or a local model folder. */
    public static LanguageModel solver(String spec, String keyEnv, List<Model> loaded) {
        int at = spec.lastIndexOf('@');
        if (spec.startsWith("http") && at > 0) {
            OpenAiClientConfig config = OpenAiClientConfig.of(spec.substring(0, at));
            return new OpenAiChatModel(new OpenAiClient(keyEnv == null ? config : config.withApiKeyEnv(keyEnv)), spec.substring(at + 1))
                    .retrying(RetryPolicy.defaults());
        }
        Path dir = Path.of(spec);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("solver " + spec + ": not a model folder or URL@MODEL");
        Model m = Model.load(dir);
        loaded.add(m);
        return TestTimePolicy.named(TestTimePolicy.NONE).local(m);
    }
}
