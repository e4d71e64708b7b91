package org.reasonbridge.serve;

/**
 * How the OpenAI-compatible server listens and how much it accepts. Immutable; validated on construction.
 *
 * @param host             address to bind, default {@code 127.0.0.1} (loopback only: the server has no authentication)
 * @param port             port to bind, 0 = any free port (default)
 * @param servedModelName  the model id in requests and responses; null = the model folder's name (default)
 * @param maxQueue         requests waiting for the model at most; more are answered 429 (default 256)
 * @param maxTokensCap     the largest {@code max_tokens} a request may ask for (default 4096)
 * @param defaultMaxTokens {@code max_tokens} of a chat request that names none (default 256; completions use
 *                         OpenAI's 16), clipped to the cap and to what the context has left
 * @param maxBodyBytes     the largest request body; larger is answered 413 (default 1 MiB, {@code --max-request-bytes})
 * @param maxPrompts       rows (prompts times {@code n}) in one request at most (default 64)
 * @param maxBatch         queued greedy requests with equal settings decoded together at most; 1 = no batching
 *                         (default 8)
 * @param maxModelLen      prompt plus {@code max_tokens} of one sequence at most; 0 = the model's
 *                         {@code max_position_embeddings} lowered to what memory holds ({@link ContextLimit}; default)
 * @param reasoningParser  a {@link ReasoningParser} name: chat thinking goes to {@code reasoning_content}, the answer
 *                         to {@code content}; null = the whole completion in {@code content} (default, as vLLM's)
 */
public record ServerConfig(String host, int port, String servedModelName, int maxQueue, int maxTokensCap,
                           int defaultMaxTokens, int maxBodyBytes, int maxPrompts, int maxBatch, int maxModelLen,
                           String reasoningParser) {
    public static final String LOOPBACK = "127.0.0.1";
    /** OpenAI's and vLLM's limit on alternatives per token ({@code logprobs}, {@code top_logprobs}). */
    public static final int MAX_LOGPROBS = 20;

    public ServerConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host must not be blank");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        if (servedModelName != null && servedModelName.isBlank()) {
            throw new IllegalArgumentException("servedModelName must not be blank");
        }
        if (maxQueue < 1) throw new IllegalArgumentException("maxQueue must be >= 1, got " + maxQueue);
        if (maxTokensCap < 1) throw new IllegalArgumentException("maxTokensCap must be >= 1, got " + maxTokensCap);
        if (defaultMaxTokens < 1) throw new IllegalArgumentException("defaultMaxTokens must be >= 1, got " + defaultMaxTokens);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + maxBodyBytes);
        if (maxPrompts < 1) throw new IllegalArgumentException("maxPrompts must be >= 1, got " + maxPrompts);
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        if (maxModelLen < 0) throw new IllegalArgumentException("maxModelLen must be >= 0 (0 = from the model and memory), got " + maxModelLen);
        if (reasoningParser != null) ReasoningParser.named(reasoningParser); // unknown names fail here
    }

    /** The defaults: loopback, any free port, the folder's name, queue 256, cap 4096 tokens, body 1 MiB. */
    public static ServerConfig defaults() {
        return new ServerConfig(LOOPBACK, 0, null, 256, 4096, 256, 1 << 20, 64, 8, 0, null);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withServedModelName(String n) {
        return new ServerConfig(host, port, n, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withMaxQueue(int q) {
        return new ServerConfig(host, port, servedModelName, q, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withMaxTokensCap(int c) {
        return new ServerConfig(host, port, servedModelName, maxQueue, c, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withMaxBodyBytes(int b) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, b, maxPrompts, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withMaxPrompts(int p) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, p, maxBatch, maxModelLen, reasoningParser);
    }

    public ServerConfig withMaxBatch(int b) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, b, maxModelLen, reasoningParser);
    }

    /** vLLM's {@code --reasoning-parser}: thinking in {@code reasoning_content}; null (the default) = off. */
    public ServerConfig withReasoningParser(String name) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, maxModelLen, name);
    }

    public ServerConfig withMaxModelLen(int n) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch, n, reasoningParser);
    }
}
