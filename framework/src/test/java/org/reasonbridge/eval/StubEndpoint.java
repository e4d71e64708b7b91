package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.reasonbridge.grading.Grader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic OpenAI-compatible stub on 127.0.0.1: problem {@code p<i>} is answered {@code \boxed{i}} when i is
 * even and wrongly when odd, so accuracy is known exactly; a fault function may turn any request into an error.
 */
final class StubEndpoint implements AutoCloseable {
    /** (request number from 1, problem id) -> an error to send: {status, Retry-After or null}, or null to answer. */
    interface Faults extends BiFunction<Integer, String, Object[]> {
        Faults NONE = (n, id) -> null;
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ID = Pattern.compile("Problem (p\\d+)");

    final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final Map<String, AtomicInteger> callsById = new ConcurrentHashMap<>();
    volatile Faults faults = Faults.NONE;

    StubEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> answer(ex, true));
        server.createContext("/v1/completions", ex -> answer(ex, false));
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Problems p0..p(n-1): "Problem p<i>: what is <i> + 0?", answer i; subject by parity, level 1 or 2. */
    static Benchmark math(int n) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            problems.add(new Problem("p" + i, "Problem p" + i + ": what is " + i + " + 0?", String.valueOf(i), List.of(),
                    Map.of("subject", i % 2 == 0 ? "even" : "odd", "level", String.valueOf(1 + i % 3 / 2))));
        }
        return new Benchmark("stub-math", Grader.MATH, problems);
    }

    private void answer(HttpExchange ex, boolean chat) throws IOException {
        int n = requests.incrementAndGet();
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String text = chat ? body.path("messages").get(0).path("content").asText() : body.path("prompt").asText();
        Matcher m = ID.matcher(text);
        String id = m.find() ? m.group(1) : "?";
        // faults see the problem's own attempt number, not a global count: with concurrent clients a global
        // "every 3rd request" could hit one problem on every retry, depending on timing
        int attempt = callsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        Object[] fault = faults.apply(attempt, id);
        if (fault != null) {
            if (fault[1] != null) ex.getResponseHeaders().add("Retry-After", fault[1].toString());
            send(ex, (Integer) fault[0], "{\"error\":{\"message\":\"injected\"}}");
            return;
        }
        int i = Integer.parseInt(id.substring(1));
        String reply = "<think>\nadding zero\n</think>\n\nThe result is \\boxed{" + (i % 2 == 0 ? i : 1000 + i) + "}.";
        ObjectNode r = JSON.createObjectNode().put("id", "stub-" + n).put("model", body.path("model").asText());
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        if (chat) choice.putObject("message").put("role", "assistant").put("content", reply);
        else choice.put("text", reply);
        r.putObject("usage").put("prompt_tokens", text.length()).put("completion_tokens", reply.length())
                .put("total_tokens", text.length() + reply.length());
        send(ex, 200, JSON.writeValueAsString(r));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    int calls(String id) {
        AtomicInteger c = callsById.get(id);
        return c == null ? 0 : c.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
