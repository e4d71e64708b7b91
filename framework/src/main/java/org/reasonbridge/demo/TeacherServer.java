package org.reasonbridge.demo;

import org.reasonbridge.data.Fingerprint;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.ThinkingFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link MiniTeacher} behind OpenAI's chat-completions wire on 127.0.0.1 (an ephemeral port by default), so
 * curation reaches it through the real {@code OpenAiTeacher} and journal: {@code POST /v1/chat/completions} (whole
 * or streamed as server-sent events) and {@code GET /v1/models}. The last user message is the prompt. The thinking
 * goes in {@code reasoning_content} (DeepSeek's field) or, with {@link ThinkingField#THINK_TAGS}, inside
 * {@code content} as {@code <think>...</think>} before the answer. {@code max_tokens} cuts the reply as a real
 * server would ({@code finish_reason: length}); token counts in {@code usage} are whitespace words. No
 * authentication: a key sent is ignored.
 */
public final class TeacherServer implements AutoCloseable {
    /** Where the thinking goes in a reply. */
    public enum ThinkingField {
        /** {@code message.reasoning_content}, the answer alone in {@code content} (DeepSeek, vLLM). */
        REASONING_CONTENT,
        /** {@code content} = {@code <think>\nthinking\n</think>\n\n} + the answer (Qwen3 and DeepSeek-R1 chat templates). */
        THINK_TAGS
    }

    private static final int MAX_BODY = 1 << 20;

    private final MiniTeacher teacher;
    private final ThinkingField field;
    private final String modelName;
    private final HttpServer http;
    private final ExecutorService threads;
    private final AtomicLong answered = new AtomicLong();

    private TeacherServer(MiniTeacher teacher, ThinkingField field, String modelName, int port) throws IOException {
        this.teacher = teacher;
        this.field = field;
        this.modelName = modelName;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mini-teacher-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        http.createContext("/", this::handle);
        http.setExecutor(threads);
        http.start();
    }

    /** Serves {@code teacher} as model {@code mini-teacher} on a free loopback port, the thinking in {@code reasoning_content}. */
    public static TeacherServer start(MiniTeacher teacher) throws IOException {
        return start(teacher, ThinkingField.REASONING_CONTENT, "mini-teacher", 0);
    }

    /** @param port 0 for a free one */
    public static TeacherServer start(MiniTeacher teacher, ThinkingField field, String modelName, int port) throws IOException {
        if (modelName == null || modelName.isBlank()) throw new IllegalArgumentException("the model needs a name");
        return new TeacherServer(teacher, field, modelName, port);
    }

    /** {@code http://127.0.0.1:PORT/v1}, the base URL OpenAI clients take. */
    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    public String modelName() {
        return modelName;
    }

    /** Chat completions answered so far. */
    public long answered() {
        return answered.get();
    }

    // ---- routing

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (BadRequest e) {
                send(ex, e.status, error(e.getMessage(), e.status == 404 ? "not_found" : "invalid_request_error", e.param));
            } catch (RuntimeException e) {
                send(ex, 500, error("internal error: " + e, "server_error", null));
            }
        } catch (IOException e) {
            // the client went away; nothing is left to answer
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath(), method = ex.getRequestMethod();
        switch (path) {
            case "/v1/models" -> {
                if (!method.equals("GET")) throw new BadRequest(405, method + " is not allowed on " + path + "; use GET", null);
                ObjectNode r = JsonLines.JSON.createObjectNode().put("object", "list");
                r.putArray("data").addObject().put("id", modelName).put("object", "model").put("created", 0).put("owned_by", "reasonbridge");
                send(ex, 200, r);
            }
            case "/v1/chat/completions" -> {
                if (!method.equals("POST")) throw new BadRequest(405, method + " is not allowed on " + path + "; use POST", null);
                chat(ex, body(ex));
            }
            default -> throw new BadRequest(404, "Invalid URL (" + method + " " + path + ")", null);
        }
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] b;
        try (InputStream in = ex.getRequestBody()) {
            b = in.readNBytes(MAX_BODY + 1);
        }
        if (b.length > MAX_BODY) throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes", null);
        try {
            JsonNode root = JsonLines.JSON.readTree(b);
            if (root == null || !root.isObject()) throw new BadRequest(400, "the body must be a JSON object", null);
            return root;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "the body is not valid JSON: " + e.getOriginalMessage(), null);
        }
    }

    // ---- chat completions

    private void chat(HttpExchange ex, JsonNode req) throws IOException {
        JsonNode messages = req.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequest(400, "'messages' must be a non-empty array", "messages");
        }
        String prompt = null;
        for (JsonNode m : messages) {
            if (!m.path("role").isTextual()) throw new BadRequest(400, "every message needs a 'role'", "messages");
            if (m.path("role").asText().equals("user")) prompt = content(m.get("content"));
        }
        if (prompt == null) throw new BadRequest(400, "no user message", "messages");
        JsonNode max = req.has("max_completion_tokens") ? req.get("max_completion_tokens") : req.get("max_tokens");
        if (max != null && !max.isNull() && (!max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1)) {
            throw new BadRequest(400, "max_tokens must be a positive integer", "max_tokens");
        }
        MiniTeacher.Reply reply = teacher.answer(prompt);
        if (max != null && !max.isNull()) reply = reply.limitedTo(max.asInt());
        answered.incrementAndGet();
        String id = "chatcmpl-mini-" + Fingerprint.of(prompt);
        String content = reply.response(), reasoning = reply.thinking();
        if (field == ThinkingField.THINK_TAGS) {
            // Qwen3's layout: opener, thinking, closer on its own line, then the answer after the separator
            ThinkingFormat f = ThinkingFormat.QWEN3;
            content = f.start() + reasoning + "\n" + f.end() + f.answerSeparator() + reply.response();
            reasoning = null;
        }
        int promptTokens = MiniTeacher.Reply.words(prompt);
        if (req.path("stream").asBoolean(false)) {
            stream(ex, id, reasoning, content, reply.finishReason());
            return;
        }
        ObjectNode r = head(id, "chat.completion");
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant").put("content", content);
        if (reasoning != null) msg.put("reasoning_content", reasoning);
        choice.put("finish_reason", reply.finishReason());
        r.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", reply.tokens())
                .put("total_tokens", promptTokens + reply.tokens());
        send(ex, 200, r);
    }

    /** A message's text: a string, or the text parts of a content array. */
    private static String content(JsonNode c) {
        if (c == null || c.isNull()) return "";
        if (c.isTextual()) return c.asText();
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) if (part.path("type").asText().equals("text")) sb.append(part.path("text").asText());
            return sb.toString();
        }
        throw new BadRequest(400, "a message's 'content' must be a string or an array of parts", "messages");
    }

    /** Server-sent events: the role, the reasoning, the content, the finish reason, then {@code [DONE]}. */
    private void stream(HttpExchange ex, String id, String reasoning, String content, String finish) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        event(out, id, delta().put("role", "assistant"), null);
        if (reasoning != null) event(out, id, delta().put("reasoning_content", reasoning), null);
        if (!content.isEmpty()) event(out, id, delta().put("content", content), null);
        event(out, id, delta(), finish);
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode delta() {
        return JsonLines.JSON.createObjectNode();
    }

    private void event(OutputStream out, String id, ObjectNode delta, String finish) throws IOException {
        ObjectNode r = head(id, "chat.completion.chunk");
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish != null) choice.put("finish_reason", finish);
        else choice.putNull("finish_reason");
        out.write(("data: " + r + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode head(String id, String object) {
        return JsonLines.JSON.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", modelName);
    }

    private static ObjectNode error(String message, String type, String param) {
        ObjectNode root = JsonLines.JSON.createObjectNode();
        ObjectNode e = root.putObject("error").put("message", message).put("type", type);
        e.put("param", param);
        e.putNull("code");
        return root;
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JsonLines.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** A request answered with an OpenAI-style error. */
    private static final class BadRequest extends RuntimeException {
        final int status;
        final String param;

        BadRequest(int status, String message, String param) {
            super(message, null, false, false);
            this.status = status;
            this.param = param;
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
