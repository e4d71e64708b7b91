package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A soak of {@code ./reasonbridge serve} as a separate process on the tiny model: 500 mixed requests from 8
 * concurrent clients (chat, completions, streamed, dropped mid-stream, batches, n, logprobs with echo, token ids,
 * prompts just under the context limit and over it, malformed bodies, unknown fields), each checked for its status.
 * The server must end healthy, still answer exactly, hold at most 50% more resident memory (VmRSS) than after a
 * warm-up of the same mix, and not grow again (by more than 25% of the warm-up size) in a second soak.
 * The numbers are printed (the surefire report keeps them).
 */
class ServeSoakTest {
    static final int LIMIT = 1024, REQUESTS = 500, WARMUP = 250, CLIENTS = 8;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void fiveHundredMixedRequestsLeaveTheServerHealthyAndNoLarger(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path model = tmp.resolve("tiny-qwen2");
        RandomCheckpoint.write(model, ModelPreset.TINY.config(ModelFamily.QWEN2), 5, DType.F32);
        Path log = tmp.resolve("serve.log");
        Process p = new ProcessBuilder(root.resolve("reasonbridge").toString(), "serve", "--model", model.toString(),
                "--port", "0", "--max-model-len", Integer.toString(LIMIT)).directory(root.toFile())
                .redirectError(log.toFile()).start();
        try (Tokenizer tokenizer = Tokenizer.load(model)) {
            URI base = awaitServing(p, log);
            Mix mix = new Mix(base, tokenizer, model.getFileName().toString());
            String expected = mix.complete("Soak test:", 12);

            long start = System.nanoTime();
            Map<String, AtomicInteger> warm = mix.run(WARMUP, 1);
            long baseline = idleRss(p.pid(), base);
            long soakStart = System.nanoTime();
            Map<String, AtomicInteger> counts = mix.run(REQUESTS, 1000);
            double seconds = (System.nanoTime() - soakStart) / 1e9;
            long after = idleRss(p.pid(), base);
            Map<String, AtomicInteger> again = mix.run(REQUESTS, 2000);
            long afterAgain = idleRss(p.pid(), base);

            assertTrue(p.isAlive(), "the server is still running");
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals(expected, mix.complete("Soak test:", 12), "greedy answers are unchanged after the soak");
            System.out.printf("soak: %d requests from %d clients in %.1f s (%s), warm-up %d in %.1f s; "
                            + "VmRSS %d MB after warm-up, %d MB after the soak (%+.1f%%), %d MB after a second soak "
                            + "(%+.1f%% of the warm-up size), VmHWM %d MB%n",
                    REQUESTS, CLIENTS, seconds, counts, WARMUP, (soakStart - start) / 1e9, baseline >> 20,
                    after >> 20, 100.0 * (after - baseline) / baseline, afterAgain >> 20,
                    100.0 * (afterAgain - after) / baseline, status(p.pid(), "VmHWM") >> 20);
            assertEquals(REQUESTS, counts.values().stream().mapToInt(AtomicInteger::get).sum());
            assertTrue(warm.values().stream().mapToInt(AtomicInteger::get).sum() == WARMUP);
            assertEquals(REQUESTS, again.values().stream().mapToInt(AtomicInteger::get).sum());
            // bounded: the first soak may still grow the process to its working size (glibc arenas of 8 client
            // threads, the heap: +0-32 % measured, more on a busy machine), and two idle readings of one process
            // differ by up to ~15 % of its size (a second soak measured -10 % to +13 %); a leak keeps growing, so the
            // second soak of the same 500 requests must add at most 25 % of the warm-up size (~100 KB a request) to
            // the larger earlier reading (a reading after the first soak can dip below the warm-up one: measured 221
            // -> 188 -> 257 MB, a rebound, not growth)
            assertTrue(after <= baseline * 1.5, "resident memory " + (after >> 20) + " MB, more than 50% above "
                    + (baseline >> 20) + " MB after warm-up");
            long before = Math.max(baseline, after);
            assertTrue(afterAgain - before <= baseline / 4, "resident memory grew again by " + ((afterAgain - before) >> 20)
                    + " MB in a second soak of " + REQUESTS + " requests (" + (before >> 20) + " -> " + (afterAgain >> 20)
                    + " MB): a leak");
            String serverLog = Files.readString(log);
            assertTrue(!serverLog.contains("serve: 5"), "no 5xx in the soak: " + serverLog);
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    /** The requests of the soak, by kind, each with the status it must get. */
    static final class Mix {
        final URI base;
        final Tokenizer tokenizer;
        final String model;

        Mix(URI base, Tokenizer tokenizer, String model) {
            this.base = base;
            this.tokenizer = tokenizer;
            this.model = model;
        }

        /** {@code n} requests over {@link #CLIENTS} clients; counts by kind. Every status is checked. */
        Map<String, AtomicInteger> run(int n, long seed) throws Exception {
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        Random r = new Random(seed * 100_003 + i);
                        String kind = one(i, r);
                        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            pool.shutdown();
            for (Future<?> f : clients) f.get(10, TimeUnit.MINUTES);
            return counts;
        }

        String one(int i, Random r) throws Exception {
            switch (i % 12) {
                case 0 -> {
                    ObjectNode b = body().put("max_tokens", 4 + r.nextInt(12)).put("temperature", 0);
                    b.putArray("messages").addObject().put("role", "user").put("content", "Question " + r.nextInt(100));
                    expect(200, "/v1/chat/completions", b);
                    return "chat";
                }
                case 1 -> {
                    ObjectNode b = body().put("max_tokens", 8).put("temperature", 0);
                    for (int k = 0; k < 1 + r.nextInt(4); k++) b.withArray("prompt").add("prompt " + r.nextInt(1000));
                    expect(200, "/v1/completions", b);
                    return "completions";
                }
                case 2 -> {
                    ObjectNode b = body().put("max_tokens", 12).put("stream", true).put("temperature", 0.8).put("seed", i);
                    b.putArray("messages").addObject().put("role", "user").put("content", "Stream " + i);
                    HttpResponse<String> resp = send("/v1/chat/completions", b.toString());
                    assertEquals(200, resp.statusCode(), resp.body());
                    assertTrue(resp.body().endsWith("data: [DONE]\n\n"), resp.body());
                    return "stream";
                }
                case 3 -> {
                    dropStream(50);
                    return "dropped-stream";
                }
                case 4 -> {
                    // just under the limit: two prefill chunks
                    expect(200, "/v1/completions", body().put("prompt", words(LIMIT - 8 - r.nextInt(16))).put("max_tokens", 8));
                    return "long";
                }
                case 5 -> {
                    HttpResponse<String> resp = send("/v1/completions", body().put("prompt", words(LIMIT + 1 + r.nextInt(200))).toString());
                    assertEquals(400, resp.statusCode(), resp.body());
                    assertTrue(resp.body().contains("context_length_exceeded"), resp.body());
                    return "over-limit";
                }
                case 6 -> {
                    String[] bad = {"{\"prompt\": ", "[1, 2]", "{\"messages\": []}", "{\"prompt\": \"a\", \"max_tokens\": -3}"};
                    HttpResponse<String> resp = send(r.nextBoolean() ? "/v1/completions" : "/v1/chat/completions", bad[r.nextInt(bad.length)]);
                    assertEquals(400, resp.statusCode(), resp.body());
                    return "malformed";
                }
                case 7 -> {
                    HttpResponse<String> resp = send("/v1/completions", body().put("prompt", "x").put("best_of_all", 2).toString());
                    assertEquals(400, resp.statusCode(), resp.body());
                    assertTrue(resp.body().contains("best_of_all"), resp.body());
                    return "unknown-field";
                }
                case 8 -> {
                    // lm-evaluation-harness's loglikelihood request
                    ObjectNode b = body().put("temperature", 0).put("max_tokens", 1).put("logprobs", 1).put("seed", 1234).put("echo", true);
                    ArrayNode prompts = b.putArray("prompt");
                    for (int k = 0; k < 2; k++) {
                        ArrayNode ids = prompts.addArray();
                        for (int id : tokenizer.encode("Context " + r.nextInt(100) + " continuation " + k)) ids.add(id);
                    }
                    JsonNode out = expect(200, "/v1/completions", b);
                    assertTrue(out.at("/choices/1/logprobs/token_logprobs/1").isNumber(), out.toString());
                    return "loglikelihood";
                }
                case 9 -> {
                    expect(200, "/v1/completions", body().put("prompt", "Sample " + i).put("n", 3).put("max_tokens", 6)
                            .put("temperature", 1.0).put("seed", i));
                    return "n=3";
                }
                case 10 -> {
                    HttpResponse<String> resp = send("/v1/completions", body().put("model", "gpt-4").put("prompt", "x").toString());
                    assertEquals(404, resp.statusCode(), resp.body());
                    return "unknown-model";
                }
                default -> {
                    ObjectNode b = body().put("max_tokens", 6).put("temperature", 0).put("logprobs", 2);
                    b.putObject("logit_bias").put(Integer.toString(r.nextInt(500)), -100);
                    expect(200, "/v1/completions", b.put("prompt", "Bias " + i));
                    return "logprobs+bias";
                }
            }
        }

        String complete(String prompt, int maxTokens) throws Exception {
            return expect(200, "/v1/completions", body().put("prompt", prompt).put("max_tokens", maxTokens).put("temperature", 0))
                    .at("/choices/0/text").asText();
        }

        ObjectNode body() {
            return JSON.createObjectNode().put("model", model);
        }

        /** {@code n} tokens of the tiny vocabulary. */
        String words(int n) {
            String s = "a" + " a".repeat(n - 1);
            assertEquals(n, tokenizer.encode(s).length);
            return s;
        }

        JsonNode expect(int status, String path, ObjectNode body) throws Exception {
            HttpResponse<String> resp = send(path, body.toString());
            assertEquals(status, resp.statusCode(), path + " " + body + " -> " + resp.body());
            return JSON.readTree(resp.body());
        }

        HttpResponse<String> send(String path, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Starts a long stream, reads its first event, and hangs up. */
        void dropStream(int maxTokens) throws Exception {
            byte[] body = body().put("prompt", "Dropped").put("max_tokens", maxTokens).put("stream", true).toString()
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(300_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line = in.readLine();
                assertTrue(line != null && line.startsWith("HTTP/1.1 200"), String.valueOf(line));
                while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                    // headers and chunk sizes
                }
            }
        }
    }

    /** Reads stdout until the server says where it listens. */
    static URI awaitServing(Process p, Path log) throws Exception {
        InputStream out = p.getInputStream();
        BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("serving \\S+ on (http://\\S+)").matcher("");
        for (String line; (line = r.readLine()) != null; ) {
            if (m.reset(line).find()) return URI.create(m.group(1) + "/");
        }
        throw new AssertionError("serve exited before listening: " + Files.readString(log));
    }

    /** VmRSS once the server is idle: the queue empty and the worker's memory released. */
    static long idleRss(long pid, URI base) throws Exception {
        for (int i = 0; i < 100; i++) {
            String h = HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (JSON.readTree(h).get("queued").asInt() == 0) break;
            Thread.sleep(100);
        }
        Thread.sleep(3000); // the release after the last request (a collection and malloc_trim)
        return status(pid, "VmRSS");
    }

    /** A field of /proc/PID/status, in bytes. */
    static long status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new AssertionError(field + " missing from /proc/" + pid + "/status");
    }
}
