package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
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
 * /v1/completions} (both optionally streamed as server-sent events), {@code GET /v1/models[/{id}]} and
 * {@code GET|HEAD /health}. HTTP threads parse, tokenize and check a request against the context limit, and answer;
 * one {@link ModelWorker} thread generates. Every 5xx is logged on stderr with its cause. No authentication: bind
 * to loopback.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final ObjectMapper json = Json.MAPPER;
    private final ServerConfig config;
    private final String modelName;
    private final long created = System.currentTimeMillis() / 1000;
    private final ContextLimit limit;
    private final RequestParser parser;
    private final Prompts prompts;
    private final ReasoningParser reasoning; // null: thinking stays in content
    private final LogprobShapes logprobs;
    private final ModelWorker worker;
    private final HttpServer http;
    private final ExecutorService threads;
    private final AtomicInteger active = new AtomicInteger();

    private OpenAiServer(Model model, ServerConfig config, Function<GenerationRequest, DecodeHook> hooks) throws IOException {
        this.config = config;
        this.modelName = config.servedModelName() != null ? config.servedModelName()
                : model.folder().toAbsolutePath().normalize().getFileName().toString();
        this.limit = ContextLimit.resolve(model.config(), config.maxModelLen(), ContextLimit.availableMemory());
        this.parser = new RequestParser(json, config, model.config().vocabSize());
        this.prompts = new Prompts(model, limit);
        this.reasoning = config.reasoningParser() == null ? null : ReasoningParser.named(config.reasoningParser());
        this.logprobs = new LogprobShapes(json, new TokenStrings(model.tokenizer()));
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(config.host()), config.port());
        HttpServer server;
        try {
            server = HttpServer.create(bind, Math.max(128, config.maxQueue()));
        } catch (BindException e) {
            throw new BindException(config.host() + ":" + config.port() + ": " + e.getMessage());
        }
        this.http = server;
        this.worker = new ModelWorker(model, hooks, config.maxQueue(), config.maxBatch(), limit.tokenBudget());
        AtomicInteger n = new AtomicInteger();
        // HTTP threads mostly wait for the worker; the bounded job queue, not the pool, limits the load.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reasonbridge-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
     * Serves {@code model} under a test-time policy ({@code serve --policy NAME} and its knobs): a fresh hook per
     * request, each row assessed against what it is about ({@link GenerationRequest#problems()}), its thinking budget
     * fitted to the request's max tokens ({@link TestTimePolicy#forRequest(Model, int)}: the forced lead-in and a
     * quarter, at most 512, kept) so the answer is forced before the length limit ends the request.
     */
    public static OpenAiServer start(Model model, ServerConfig config, TestTimePolicy policy) throws IOException {
        return start(model, config, request -> policy.forRequest(model, request.config().maxNewTokens()).hook(model, request.problems()));
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

    /** The context this server accepts, and why. */
    public ContextLimit contextLimit() {
        return limit;
    }

    // ---- Routing

    private void handle(HttpExchange ex) {
        active.incrementAndGet();
        try (ex) {
            try {
                route(ex);
            } catch (ApiError e) {
                if (e.status() >= 500) logServerError(ex, e.status(), e.getMessage(), e.getCause());
                error(ex, e);
            } catch (RuntimeException | Error e) {
                logServerError(ex, 500, "internal error", e);
                error(ex, new ApiError(500, "server_error", "internal error: " + e, null, null));
            }
        } catch (IOException e) {
            // The client went away; nothing is left to answer.
        } finally {
            active.decrementAndGet();
        }
    }

    /** A 5xx is the server's fault: say so on stderr with the cause, or it is invisible to whoever runs the server. */
    private static void logServerError(HttpExchange ex, int status, String what, Throwable cause) {
        synchronized (System.err) {
            System.err.println("serve: " + status + " on " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                    + ": " + what);
            if (cause != null) cause.printStackTrace(System.err);
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        String modelPath = path.startsWith("/v1/models/") ? path.substring("/v1/models/".length()) : null;
        String allowed = modelPath != null ? "GET" : switch (path) {
            case "/health" -> "GET, HEAD";
            case "/v1/models" -> "GET";
            case "/v1/chat/completions", "/v1/completions" -> "POST";
            default -> null;
        };
        if (allowed == null) {
            throw new ApiError(404, "invalid_request_error", "Invalid URL (" + method + " " + path + ")", null, "not_found");
        }
        if (!List.of(allowed.split(", ")).contains(method)) {
            ex.getResponseHeaders().set("Allow", allowed);
            throw new ApiError(405, "invalid_request_error", method + " is not allowed on " + path + "; use " + allowed,
                    null, "method_not_allowed");
        }
        if (modelPath != null) {
            checkModel(java.net.URLDecoder.decode(modelPath, StandardCharsets.UTF_8));
            send(ex, 200, Responses.model(json, modelName, created, limit.maxModelLen()));
            return;
        }
        switch (path) {
            case "/health" -> {
                if (method.equals("HEAD")) {
                    ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                send(ex, 200, json.createObjectNode().put("status", "ok").put("queued", worker.queued())
                        .put("largest_batch", worker.largestBatch()).put("max_model_len", limit.maxModelLen()));
            }
            case "/v1/models" -> send(ex, 200, Responses.models(json, modelName, created, limit.maxModelLen()));
            case "/v1/chat/completions" -> answer(ex, parser.chat(body(ex)), "chatcmpl-");
            default -> answer(ex, parser.completion(body(ex)), "cmpl-");
        }
    }

    /** A request for another model gets OpenAI's (and vLLM's) 404, never this model's answer. */
    private void checkModel(String requested) {
        if (requested != null && !requested.equals(modelName)) {
            throw new ApiError(404, "invalid_request_error", "The model `" + requested + "` does not exist; this server "
                    + "serves `" + modelName + "`.", "model", "model_not_found");
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
        return new ApiError(413, "invalid_request_error", "the body is larger than " + config.maxBodyBytes() + " bytes "
                + "(the server's --max-request-bytes)", null, "request_too_large");
    }

    // ---- Generation

    private void answer(HttpExchange ex, GenerationRequest parsed, String idPrefix) throws IOException {
        checkModel(parsed.model());
        GenerationRequest request = prompts.prepare(parsed);
        Job job = worker.submit(request);
        boolean chat = request.kind() == GenerationRequest.Kind.CHAT;
        ReasoningParser split = chat ? reasoning : null;
        Responses r = new Responses(json, idPrefix + UUID.randomUUID().toString().replace("-", ""),
                System.currentTimeMillis() / 1000, modelName, logprobs, split,
                split != null && split.opens(request.prompts().get(0)));
        if (request.stream()) {
            stream(ex, job, r);
            return;
        }
        List<Job.Choice> rows = await(job);
        send(ex, 200, chat ? r.chat(rows, request) : r.completion(rows, request));
    }

    private static List<Job.Choice> await(Job job) {
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
        ApiError e = new ApiError(500, "server_error", "generation failed: " + cause, null, null);
        e.initCause(cause); // logged with its stack trace
        return e;
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
        ReasoningParser.Streamed[] split = new ReasoningParser.Streamed[req.rows()];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new StopHoldback(req.config().stopStrings());
                split[i] = r.reasoningStream();
                if (chat) event(out, r.chatChunk(i, "assistant", "", null));
                else if (req.echo()) event(out, r.completionChunk(i, req.prompts().get(i / req.n()), null));
            }
            for (; d.row() >= 0; d = take(job)) {
                String text = held[d.row()].offer(d.text());
                if (text.isEmpty()) continue;
                if (!chat) event(out, r.completionChunk(d.row(), text, null));
                else if (split[d.row()] == null) event(out, r.chatChunk(d.row(), null, text, null));
                else for (ObjectNode c : r.chatChunks(d.row(), split[d.row()].offer(text))) event(out, c);
            }
            List<Job.Choice> rows;
            try {
                rows = await(job);
            } catch (ApiError e) {
                if (e.status() >= 500) logServerError(ex, e.status(), e.getMessage() + " (mid-stream)", e.getCause());
                event(out, e.toJson(json));
                return;
            }
            for (int i = 0; i < rows.size(); i++) {
                Generation g = rows.get(i).generation();
                String rest = held[i].finish(g.text());
                String reason = Responses.finishReason(g.finishReason());
                if (chat) {
                    if (split[i] != null) for (ObjectNode c : r.chatChunks(i, split[i].finish(g.text()))) event(out, c);
                    else if (!rest.isEmpty()) event(out, r.chatChunk(i, null, rest, null));
                    event(out, r.chatChunk(i, null, null, reason));
                } else {
                    event(out, r.completionChunk(i, rest, reason));
                }
            }
            if (req.includeUsage()) event(out, r.usageChunk(chat ? "chat.completion.chunk" : "text_completion", rows, req.n()));
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
