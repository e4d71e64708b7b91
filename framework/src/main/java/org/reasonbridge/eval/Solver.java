package org.reasonbridge.eval;

import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.openai.OpenAiClient;

import java.util.Map;

/** What answers a benchmark's prompts: a local model or an OpenAI-compatible endpoint. */
public interface Solver {
    /**
     * One prompt to answer.
     *
     * @param problem   the problem text (what a test-time policy reasons about)
     * @param userText  the user turn as {@link PromptFormat} renders it
     * @param maxTokens completion tokens at most
     */
    record Request(String problem, String userText, int maxTokens) {
    }

    /**
     * The answer.
     *
     * @param prompt           what was actually sent (rendered prompt, or the user turn for chat endpoints)
     * @param completion       the text after the prompt
     * @param reasoning        an endpoint's separate reasoning text, or null
     * @param promptTokens     null when unknown
     * @param completionTokens null when unknown
     * @param attempts         requests made (retries included)
     */
    record Answer(String prompt, String completion, String reasoning, Integer promptTokens, Integer completionTokens,
                  int attempts) {
    }

    /** Answers one prompt, or throws with the reason it could not. */
    Answer solve(Request request);

    /** Whether several prompts may be answered at once from different threads. */
    boolean concurrent();

    /** Config and environment entries for the results JSON (model, backend, policy, endpoint, ...). */
    Map<String, Object> describe();

    /** A local model through the project's generator, greedy, under a test-time policy (none, gii, budget-forcing). */
    static Solver local(Model model, String policy) {
        return local(model, TestTimePolicy.named(policy));
    }

    /** {@link #local(Model, String)} with a policy's knobs set. */
    static Solver local(Model model, TestTimePolicy policy) {
        return new LocalSolver(model, policy);
    }

    /** An OpenAI-compatible endpoint, greedy ({@code temperature 0}), chat or completions, retried by {@code retry}. */
    static Solver endpoint(OpenAiClient client, String model, boolean chat, RetryPolicy retry) {
        return new EndpointSolver(client, model, chat, retry, RetryPolicy.Sleeper.REAL);
    }
}
