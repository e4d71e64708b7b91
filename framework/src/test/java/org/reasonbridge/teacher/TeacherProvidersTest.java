package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.ApiException;
import org.reasonbridge.lm.LmReply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each provider's wire format against a local server that answers as the real one does. */
class TeacherProvidersTest {
    private static final Map<String, String> ENV = Map.of(Teachers.KEY_ENV, "k-123");

    @ParameterizedTest
    @CsvSource({
            // provider, teacher name,         finish,   prompt, completion, key header as sent
            "openai,    openai:teacher-1,      stop,     12,     34,         Bearer k-123",
            "anthropic, anthropic:claude-test, end_turn, 12,     34,         k-123",
            "gemini,    gemini:gemini-test,    STOP,     12,     34,         k-123",
    })
    void readsReasoningAndAnswer(String provider, String name, String finish, int prompt, int completion, String key)
            throws Exception {
        try (FakeTeacherServer server = new FakeTeacherServer(0, 1, 0, 0)) {
            TeacherClient c = Teachers.client(provider, server.base(), ENV::get, Duration.ofSeconds(5));
            // p1 and p2 differ in hash parity: the OpenAI fake sends reasoning_content for one and reasoning for the other
            for (Problem p : List.of(FakeTeacherServer.problem(1), FakeTeacherServer.problem(2))) {
                Trace t = c.solve(p);
                assertEquals(new Trace(p.id(), name, FakeTeacherServer.thinking(p.id()), FakeTeacherServer.answer(p.id()),
                        finish, prompt, completion), t);
            }
            assertEquals(List.of(provider + "=" + key, provider + "=" + key), server.keysSeen);
        }
    }

    @ParameterizedTest
    @CsvSource({
            // provider, fault rate 1 with this seed gives a fault of each kind in turn; expected retryable
            "anthropic", "gemini", "openai"})
    void errorsCarryStatusAndRetryAfter(String provider) throws Exception {
        try (FakeTeacherServer server = new FakeTeacherServer(1.0, 3, 400, 0)) {
            TeacherClient c = Teachers.client(provider, server.base(), ENV::get, Duration.ofMillis(200));
            for (int i = 0; i < 8; i++) {
                ApiException e = assertThrows(ApiException.class, () -> c.solve(FakeTeacherServer.problem(1)));
                boolean truncated = e.getMessage().contains("JSON");
                assertEquals(!truncated, e.retryable(), e.getMessage());
                if (e.status() == 429) assertEquals(Duration.ofMillis(50), e.retryAfter().orElseThrow());
                assertFalse(e.getMessage().contains("k-123"), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // generated text                    | thinking     | response
            "<think>a b</think>\\n\\nThe end.    | a b          | The end.",
            "a b</think>The end.                 | a b          | The end.",
            "No thinking at all.                 | ''           | No thinking at all.",
            "<think>cut off mid-thought          | cut off mid-thought | ''",
    })
    void aModelsTextIsSplitOnEndOfThinking(String text, String thinking, String response) {
        // a local model's or a parser-less server's text: the teacher splits it by ThinkingFormat's one rule
        Trace t = new LmTeacher(r -> new LmReply(r.userText(), text.replace("\\n", "\n"), null, "stop", null, null, 1))
                .solve(FakeTeacherServer.problem(1));
        assertEquals(thinking, t.thinking());
        assertEquals(response, t.response());
    }

    @ParameterizedTest
    @CsvSource({"anthropic", "gemini", "openai"})
    void missingKeyIsReportedByVariableName(String provider) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Teachers.client(provider, "http://127.0.0.1:9", k -> null, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains(Teachers.KEY_ENV), e.getMessage());
    }
}
