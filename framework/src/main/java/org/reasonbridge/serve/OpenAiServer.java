package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible HTTP server for one local model: {@code POST /v1/chat/completions}, {@code POST
 * /v1/completions} (both optionally streamed as server-sent events), {@code GET /v1/models} and {@code GET /health}.
 * HTTP threads parse and answer; one {@link ModelWorker} thread generates. No authentication: bind to loopback.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final ObjectMapper json = new ObjectMapper();
    private final ServerConfig config;
    private final String modelName;
    private final long created = System.currentTimeMillis() / 1000;
    private final RequestParser parser;
    private final ModelWorker worker;
    private final HttpServer http;
    private final ExecutorService threads;
    private final AtomicInteger active = new AtomicInteger();

    private OpenAiServer(Model model, ServerConfig config, Function<GenerationRequest, DecodeHook> hooks) throws IOException {
        this.config = config;
        this.modelName = config.servedModelName() != null ? config.servedModelName()
                : model.folder().toAbsolutePath().normalize().getFileName().toString();
        this.parser = new RequestParser(json, config);
        this.worker = new ModelWorker(model, hooks, config.maxQueue(), config.maxBatch());
        AtomicInteger n = new AtomicInteger();
        // HTTP threads mostly wait for the worker; the bounded job queue, not the pool, limits the load.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reasonbridge-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()),
                Math.max(128, config.maxQueue()));
        http.createContext("/", this::handle);
        http.setExecutor(threads);
        http.start();
    }

    /**
     * Serves {@code model} until {@link #close()}. The server does not own the model: close it after the server.
     *
     * @param hooks a decode hook per request (an intervention policy), or null for none
     */
    public static OpenAiServer start(Model model, ServerConfig config, Function<GenerationRequest, DecodeHook> hooks)
            throws IOException {
        return new OpenAiServer(model, config, hooks);
    }

    public static OpenAiServer start(Model model, ServerConfig config) throws IOException {
        return start(model, config, (Function<GenerationRequest, DecodeHook>) null);
    }

    /**
     * Serves {@code model} under a test-time policy from the registry ({@code serve --policy NAME}): a fresh hook
     * per request, each row assessed against what it is about ({@link GenerationRequest#problems()}).
     */
    public static OpenAiServer start(Model model, ServerConfig config, TestTimePolicy policy) throws IOException {
        return start(model, config, request -> policy.hook(model, request.problems()));
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** {@code http://host:port/v1}, the base URL OpenAI clients expect. */
    public URI baseUrl() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/v1");
    }

    public String modelName() {
        return modelName;
    }

    // ---- Routing

    private void handle(HttpExchange ex) {
        active.incrementAndGet();
        try (ex) {
            try {
                route(ex);
            } catch (ApiError e) {
                error(ex, e);
            } catch (RuntimeException e) {
                error(ex, new ApiError(500, "server_error", "internal error: " + e, null, null));
            }
        } catch (IOException e) {
            // The client went away; nothing is left to answer.
        } finally {
            active.decrementAndGet();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        String allowed = switch (path) {
            case "/health", "/v1/models" -> "GET";
            case "/v1/chat/completions", "/v1/completions" -> "POST";
            default -> null;
        };
        if (allowed == null) {
            throw new ApiError(404, "invalid_request_error", "Invalid URL (" + method + " " + path + ")", null, "not_found");
        }
        if (!allowed.equals(method)) {
            ex.getResponseHeaders().set("Allow", allowed);
            throw new ApiError(405, "invalid_request_error", method + " is not allowed on " + path + "; use " + allowed,
                    null, "method_not_allowed");
        }
        switch (path) {
            case "/health" -> send(ex, 200, json.createObjectNode().put("status", "ok")
                    .put("queued", worker.queued()).put("largest_batch", worker.largestBatch()));
            case "/v1/models" -> send(ex, 200, Responses.models(json, modelName, created));
            case "/v1/chat/completions" -> answer(ex, parser.chat(body(ex)), "chatcmpl-");
            default -> answer(ex, parser.completion(body(ex)), "cmpl-");
        }
    }

    private byte[] body(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > config.maxBodyBytes()) {
            throw tooLarge();
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(config.maxBodyBytes() + 1);
            if (b.length > config.maxBodyBytes()) throw tooLarge();
            return b;
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "invalid_request_error", "the body is larger than " + config.maxBodyBytes() + " bytes",
                null, "request_too_large");
    }

    // ---- Generation

    private void answer(HttpExchange ex, GenerationRequest request, String idPrefix) throws IOException {
        Job job = worker.submit(request);
        Responses r = new Responses(json, idPrefix + UUID.randomUUID().toString().replace("-", ""),
                System.currentTimeMillis() / 1000, modelName);
        if (request.stream()) {
            stream(ex, job, r);
            return;
        }
        List<Generation> gs = await(job);
        send(ex, 200, request.kind() == GenerationRequest.Kind.CHAT ? r.chat(gs.get(0))
                : r.completion(gs, request.prompts(), request.echo()));
    }

    private static List<Generation> await(Job job) {
        try {
            return job.result.get();
        } catch (InterruptedException e) {
            job.cancelled = true;
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server_error", "interrupted while waiting for the model", null, "shutting_down");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static ApiError failure(Throwable cause) {
        if (cause instanceof ApiError a) return a;
        if (cause instanceof IllegalArgumentException) return ApiError.invalid(cause.getMessage(), null);
        return new ApiError(500, "server_error", "generation failed: " + cause, null, null);
    }

    /** Server-sent events: a chunk per text delta as the worker produces it, then {@code data: [DONE]}. */
    private void stream(HttpExchange ex, Job job, Responses r) throws IOException {
        GenerationRequest req = job.request;
        job.result.whenComplete((ok, e) -> job.deltas.add(new Job.Delta(-1, "")));
        Job.Delta d = take(job);
        if (d.row() < 0 && job.result.isCompletedExceptionally()) await(job); // fails before any byte: a plain error
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        boolean chat = req.kind() == GenerationRequest.Kind.CHAT;
        StopHoldback[] held = new StopHoldback[req.rows()];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new StopHoldback(req.config().stopStrings());
                if (chat) event(out, r.chatChunk("assistant", "", null));
                else if (req.echo()) event(out, r.completionChunk(i, req.prompts().get(i), null));
            }
            for (; d.row() >= 0; d = take(job)) {
                String text = held[d.row()].offer(d.text());
                if (!text.isEmpty()) event(out, chat ? r.chatChunk(null, text, null) : r.completionChunk(d.row(), text, null));
            }
            List<Generation> gs;
            try {
                gs = await(job);
            } catch (ApiError e) {
                event(out, e.toJson(json));
                return;
            }
            for (int i = 0; i < gs.size(); i++) {
                String rest = held[i].finish(gs.get(i).text());
                String reason = Responses.finishReason(gs.get(i).finishReason());
                if (chat) {
                    if (!rest.isEmpty()) event(out, r.chatChunk(null, rest, null));
                    event(out, r.chatChunk(null, null, reason));
                } else {
                    event(out, r.completionChunk(i, rest, reason));
                }
            }
            if (req.includeUsage()) event(out, r.usageChunk(chat ? "chat.completion.chunk" : "text_completion", gs));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            job.cancelled = true; // the client left: free the model for the next request
            throw e;
        }
    }

    private static Job.Delta take(Job job) {
        try {
            return job.deltas.take();
        } catch (InterruptedException e) {
            job.cancelled = true;
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server_error", "interrupted while streaming", null, "shutting_down");
        }
    }

    private void event(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---- Plain responses

    private void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void error(HttpExchange ex, ApiError e) throws IOException {
        if (ex.getResponseCode() != -1) return; // a stream already started; it reports its own errors
        if (e.status() == 429 || e.status() == 503) ex.getResponseHeaders().set("Retry-After", "1");
        send(ex, e.status(), e.toJson(json));
    }

    // ---- Shutdown

    /** Stops taking requests, lets those in progress finish for up to {@code grace}, then stops listening. */
    public void close(Duration grace) {
        worker.stopAccepting();
        long deadline = System.nanoTime() + grace.toNanos();
        // HttpServer.stop(delay) on Java 17 waits the whole delay even when idle, so wait for the exchanges here.
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.stop(0);
        worker.shutdown(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        threads.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
