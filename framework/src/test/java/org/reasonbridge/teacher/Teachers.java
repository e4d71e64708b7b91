package org.reasonbridge.teacher;

import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.lm.HostedEndpoint;
import org.reasonbridge.lm.GeminiModel;
import org.reasonbridge.lm.AnthropicModel;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.time.Duration;
import java.util.function.Function;

/** The three hosted providers, built against a {@link FakeTeacherServer}, for tables of test cases. */
final class Teachers {
    static final String KEY_ENV = "REASONBRIDGE_TEST_TEACHER_KEY";

    private Teachers() {
    }

    static TeacherClient client(String provider, String base, Function<String, String> env, Duration timeout) {
        return switch (provider) {
            case "openai" -> new LmTeacher(new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(base + "/v1")
                    .withApiKeyEnv(KEY_ENV).withRequestTimeout(timeout), env), "teacher-1"), 4096);
            case "anthropic" -> new LmTeacher(new AnthropicModel(HostedEndpoint.of(base, "claude-test", KEY_ENV)
                    .withBudget(4096, 2048).withTimeout(timeout), env));
            case "gemini" -> new LmTeacher(new GeminiModel(HostedEndpoint.of(base, "gemini-test", KEY_ENV)
                    .withBudget(4096, 2048).withTimeout(timeout), env));
            default -> throw new IllegalArgumentException(provider);
        };
    }

    /** Small waits, so that tests with faults stay fast while still exercising backoff. */
    static TeacherRun.Options fast(int concurrency, int attempts) {
        return new TeacherRun.Options(concurrency, 0, 1, new RetryPolicy(attempts, Duration.ofMillis(10),
                Duration.ofMillis(200)), 7);
    }
}
