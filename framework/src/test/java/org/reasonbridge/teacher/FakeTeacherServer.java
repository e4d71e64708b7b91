package org.reasonbridge.teacher;

import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI-compatible, Anthropic and Gemini endpoints on 127.0.0.1 answering as the real ones do, with the reasoning
 * in each provider's own field. Answers are a function of the problem id, so runs can be compared; a seeded share
 * of requests gets a fault instead. Error bodies echo the API key, as real servers do with bad keys.
 */
public final class FakeTeacherServer implements AutoCloseable {
    enum Fault { RATE_LIMIT, SERVER_ERROR, SLOW, TRUNCATED }

    private static final Pattern ID = Pattern.compile("Problem (\\S+):");

    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final List<String> keysSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;
    private final double faultRate;
    private final Random random;
    private final long slowMillis;
    private final long delayMillis;

    /** @param delayMillis every answer's latency; @param slowMillis a SLOW fault's, beyond the client's timeout */
    public FakeTeacherServer(double faultRate, long seed, long slowMillis, long delayMillis) throws IOException {
        this.faultRate = faultRate;
        this.random = new Random(seed);
        this.slowMillis = slowMillis;
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool()); // a sleeping SLOW answer must not block the others
        server.createContext("/v1/chat/completions", ex -> handle(ex, "openai"));
        server.createContext("/v1/messages", ex -> handle(ex, "anthropic"));
        server.createContext("/v1beta/models/", ex -> handle(ex, "gemini"));
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int count(String problemId) {
        AtomicInteger n = requests.get(problemId);
        return n == null ? 0 : n.get();
    }

    public static Problem problem(int i) {
        return new Problem("p" + i, "Problem p" + i + ": what is " + i + " + " + i + "?", String.valueOf(2 * i));
    }

    static String thinking(String id) {
        return "Let me think about " + id + " step by step.";
    }

    static String answer(String id) {
        return "The answer to " + id + " is \\boxed{" + 2 * Integer.parseInt(id.substring(1)) + "}.";
    }

    private Fault fault() {
        synchronized (random) {
            if (random.nextDouble() >= faultRate) return null;
            return Fault.values()[random.nextInt(Fault.values().length)];
        }
    }

    private void handle(HttpExchange ex, String provider) throws IOException {
        try (ex) {
            JsonNode body = JsonLines.JSON.readTree(ex.getRequestBody());
            String key = switch (provider) {
                case "openai" -> ex.getRequestHeaders().getFirst("Authorization");
                case "anthropic" -> ex.getRequestHeaders().getFirst("x-api-key");
                default -> ex.getRequestHeaders().getFirst("x-goog-api-key");
            };
            keysSeen.add(provider + "=" + key);
            String badRequest = checkRequest(ex, provider, body);
            if (badRequest != null) {
                send(ex, 400, error(provider, 400, badRequest), null);
                return;
            }
            String prompt = provider.equals("gemini") ? body.at("/contents/0/parts/0/text").asText()
                    : body.at("/messages/0/content").asText();
            Matcher m = ID.matcher(prompt);
            String id = m.find() ? m.group(1) : "?";
            requests.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Fault f = fault();
            sleep(f == Fault.SLOW ? slowMillis : delayMillis);
            if (f == Fault.RATE_LIMIT) {
                send(ex, 429, error(provider, 429, "rate limited, key " + key), "0.05");
            } else if (f == Fault.SERVER_ERROR) {
                int status = provider.equals("anthropic") ? 529 : 500;
                send(ex, status, error(provider, status, "internal error for key " + key), null);
            } else {
                String ok = answer(provider, id).toString();
                send(ex, 200, f == Fault.TRUNCATED ? ok.substring(0, ok.length() / 2) : ok, null);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    /** The parts of each request format the client must get right, else 400 as the real server would. */
    private static String checkRequest(HttpExchange ex, String provider, JsonNode b) {
        return switch (provider) {
            case "openai" -> b.path("model").isTextual() && b.at("/messages/0/role").asText().equals("user") ? null : "bad chat body";
            case "anthropic" -> "2023-06-01".equals(ex.getRequestHeaders().getFirst("anthropic-version"))
                    && b.at("/thinking/type").asText().equals("enabled") && b.at("/thinking/budget_tokens").isInt()
                    && b.path("max_tokens").isInt() && b.at("/messages/0/role").asText().equals("user") ? null : "bad messages body";
            default -> ex.getRequestURI().getPath().endsWith(":generateContent")
                    && b.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean()
                    && b.at("/contents/0/role").asText().equals("user") ? null : "bad generateContent body";
        };
    }

    private static ObjectNode answer(String provider, String id) {
        ObjectNode r = JsonLines.JSON.createObjectNode();
        switch (provider) {
            case "openai" -> {
                r.put("id", "chatcmpl-" + id).put("object", "chat.completion").put("model", "teacher-1");
                ObjectNode msg = r.putArray("choices").addObject().put("index", 0).putObject("message");
                msg.put("role", "assistant").put("content", answer(id));
                // newer servers say reasoning, DeepSeek and older vLLM reasoning_content: serve both
                msg.put(id.hashCode() % 2 == 0 ? "reasoning" : "reasoning_content", thinking(id));
                ((ObjectNode) r.get("choices").get(0)).put("finish_reason", "stop");
                r.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 34).put("total_tokens", 46);
            }
            case "anthropic" -> {
                r.put("id", "msg_" + id).put("type", "message").put("role", "assistant").put("model", "claude-test");
                var content = r.putArray("content");
                content.addObject().put("type", "thinking").put("thinking", thinking(id)).put("signature", "EqQBCgIYAh");
                content.addObject().put("type", "text").put("text", answer(id));
                r.put("stop_reason", "end_turn").putNull("stop_sequence");
                r.putObject("usage").put("input_tokens", 12).put("output_tokens", 34);
            }
            default -> {
                ObjectNode c = r.putArray("candidates").addObject();
                var parts = c.putObject("content").put("role", "model").putArray("parts");
                parts.addObject().put("text", thinking(id)).put("thought", true);
                parts.addObject().put("text", answer(id));
                c.put("finishReason", "STOP").put("index", 0);
                r.putObject("usageMetadata").put("promptTokenCount", 12).put("candidatesTokenCount", 14)
                        .put("thoughtsTokenCount", 20).put("totalTokenCount", 46);
                r.put("modelVersion", "gemini-test");
            }
        }
        return r;
    }

    private static String error(String provider, int status, String message) {
        ObjectNode r = JsonLines.JSON.createObjectNode();
        switch (provider) {
            case "anthropic" -> r.put("type", "error").putObject("error")
                    .put("type", status == 529 ? "overloaded_error" : status == 429 ? "rate_limit_error" : "invalid_request_error")
                    .put("message", message);
            case "gemini" -> r.putObject("error").put("code", status).put("message", message)
                    .put("status", status == 429 ? "RESOURCE_EXHAUSTED" : status == 400 ? "INVALID_ARGUMENT" : "INTERNAL");
            default -> r.putObject("error").put("message", message).put("type", status == 429 ? "rate_limit_exceeded" : "server_error");
        }
        return r.toString();
    }

    private static void send(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) ex.getResponseHeaders().set("Retry-After", retryAfter);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void sleep(long ms) {
        try {
            if (ms > 0) Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
