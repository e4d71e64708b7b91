package org.reasonbridge.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.curation.filter.QualityFilter;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.openai.ChatRequest;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.teacher.TeacherOutcome;
import org.reasonbridge.teacher.TeacherRun;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The teacher over real HTTP on loopback, through the project's own OpenAI client, teacher and journal. */
class TeacherServerTest {
    private static final MiniTeacher TEACHER = new MiniTeacher(TeacherStyle.defaults());
    static TeacherServer server;
    static OpenAiClient client;

    @BeforeAll
    static void start() throws IOException {
        server = TeacherServer.start(TEACHER);
        client = new OpenAiClient(OpenAiClientConfig.of(server.baseUrl()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Problem> problems(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Exercise e = MiniDomain.values()[i % MiniDomain.values().length].generate(r, 1 + i % 5);
            out.add(new Problem("q" + i, e.text(), e.answer()));
        }
        return out;
    }

    @Test
    void theRealTeacherClientGetsTheThinkingFromReasoningContent() {
        LmTeacher teacher = new LmTeacher(new OpenAiChatModel(client, "mini-teacher"), 4096);
        for (Problem p : problems(14, 1)) {
            Trace t = teacher.solve(p);
            MiniTeacher.Reply want = TEACHER.answer(p.question());
            assertEquals(want.thinking(), t.thinking());
            assertEquals(want.response(), t.response());
            assertEquals(want.finishReason(), t.finishReason());
            assertEquals(want.tokens(), t.completionTokens());
            assertEquals(p.question().split("\\s+").length, t.promptTokens());
            assertEquals("openai:mini-teacher", t.teacher());
        }
    }

    /** A curation teacher run: every problem journaled, a rerun sends nothing, the quality filter drops the flawed. */
    @Test
    void aTeacherRunJournalsEveryProblemAndARerunAsksNothing(@TempDir Path dir) {
        List<Problem> problems = problems(60, 2);
        LmTeacher teacher = new LmTeacher(new OpenAiChatModel(client, "mini-teacher"), null);
        TeacherRun.Options options = new TeacherRun.Options(4, 0, 1, RetryPolicy.defaults(), 0);
        Path journal = dir.resolve("teacher-journal.jsonl");
        long before = server.answered();
        List<TeacherOutcome> first = new TeacherRun(teacher, journal, options).run(problems);
        assertEquals(60, server.answered() - before);
        List<TeacherOutcome> again = new TeacherRun(teacher, journal, options).run(problems);
        assertEquals(60, server.answered() - before, "a rerun asked the teacher again");
        QualityFilter quality = QualityFilter.defaults();
        for (int i = 0; i < problems.size(); i++) {
            Trace t = first.get(i).trace();
            assertNotNull(t, first.get(i).toString());
            assertEquals(t, again.get(i).trace());
            Flaw flaw = TEACHER.answer(problems.get(i).question()).flaw();
            assertEquals(flaw == null ? "kept" : flaw.rule().reason(), quality.check(problems.get(i), t).reason());
        }
    }

    @Test
    void maxTokensCutsTheReply() {
        Problem p = problems(3, 3).get(2);
        Completion c = client.chat(ChatRequest.of("mini-teacher", p.question()).withMaxTokens(12));
        assertEquals("length", c.finishReason());
        assertEquals("", c.text());
        assertEquals(12, c.reasoning().strip().split("\\s+").length);
        assertEquals(12, c.usage().completionTokens());
    }

    @Test
    void aStreamedReplyIsTheWholeReply() {
        Problem p = problems(2, 4).get(1);
        StringBuilder deltas = new StringBuilder();
        Completion streamed = client.chatStream(ChatRequest.of("mini-teacher", p.question()), (i, text, reasoning) -> deltas.append(reasoning).append(text));
        Completion whole = client.chat(ChatRequest.of("mini-teacher", p.question()));
        assertEquals(whole.text(), streamed.text());
        assertEquals(whole.reasoning(), streamed.reasoning());
        assertEquals(whole.finishReason(), streamed.finishReason());
        assertEquals(whole.reasoning() + whole.text(), deltas.toString());
    }

    @Test
    void thinkTagsPutTheThinkingInTheContent() throws Exception {
        try (TeacherServer tags = TeacherServer.start(TEACHER, TeacherServer.ThinkingField.THINK_TAGS, "mini-teacher", 0)) {
            Problem p = problems(1, 5).get(0);
            JsonNode r = post(tags.baseUrl() + "/chat/completions",
                    "{\"model\":\"mini-teacher\",\"messages\":[{\"role\":\"user\",\"content\":" + JsonLines.JSON.writeValueAsString(p.question()) + "}]}");
            JsonNode message = r.at("/choices/0/message");
            MiniTeacher.Reply want = TEACHER.answer(p.question());
            assertEquals("<think>\n" + want.thinking() + "\n</think>\n\n" + want.response(), message.get("content").asText());
            assertFalse(message.has("reasoning_content"));
            // the real client splits that form the same way as reasoning_content
            Trace t = new LmTeacher(new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(tags.baseUrl())), "mini-teacher"), 4096)
                    .solve(p);
            assertEquals(want.thinking(), t.thinking());
            assertEquals(want.response(), t.response());
        }
    }

    @Test
    void theModelListNamesTheTeacher() throws Exception {
        assertEquals(List.of("mini-teacher"), client.models());
    }

    /** Requests the real API refuses, refused the same way (status and an OpenAI error object). */
    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "POST | /v1/chat/completions | not json                                              | 400 | invalid_request_error",
            "POST | /v1/chat/completions | {\"model\":\"m\"}                                     | 400 | invalid_request_error",
            "POST | /v1/chat/completions | {\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]} | 400 | invalid_request_error",
            "POST | /v1/chat/completions | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0} | 400 | invalid_request_error",
            "GET  | /v1/chat/completions |                                                       | 405 | invalid_request_error",
            "GET  | /v1/completions      |                                                       | 404 | not_found",
    })
    void badRequestsGetOpenAiErrors(String method, String path, String body, int status, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "") + path));
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)) : b.GET();
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = JsonLines.JSON.readTree(r.body()).get("error");
        assertEquals(type, e.get("type").asText());
        assertFalse(e.get("message").asText().isBlank());
    }

    @Test
    void anUnreadablePromptIsAnsweredWithoutAnAnswer() {
        Completion c = client.chat(ChatRequest.of("mini-teacher", "What is the meaning of life?"));
        assertEquals("stop", c.finishReason());
        assertTrue(c.reasoning().contains("not a problem in a form I can read"));
        assertNull(new org.reasonbridge.grading.AnswerExtractor().extract(c.text()).orElse(null));
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonLines.JSON.readTree(r.body());
    }
}
