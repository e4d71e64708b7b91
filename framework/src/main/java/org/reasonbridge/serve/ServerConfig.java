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
 *                         OpenAI's 16), clipped to the cap
 * @param maxBodyBytes     the largest request body; larger is answered 413 (default 1 MiB)
 * @param maxPrompts       prompts in one {@code /v1/completions} request at most (default 64)
 * @param maxBatch         queued greedy requests with equal settings decoded together at most; 1 = no batching
 *                         (default 8)
 */
public record ServerConfig(String host, int port, String servedModelName, int maxQueue, int maxTokensCap,
                           int defaultMaxTokens, int maxBodyBytes, int maxPrompts, int maxBatch) {
    public static final String LOOPBACK = "127.0.0.1";

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
    }

    /** The defaults: loopback, any free port, the folder's name, queue 256, cap 4096 tokens, body 1 MiB. */
    public static ServerConfig defaults() {
        return new ServerConfig(LOOPBACK, 0, null, 256, 4096, 256, 1 << 20, 64, 8);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch);
    }

    public ServerConfig withServedModelName(String n) {
        return new ServerConfig(host, port, n, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch);
    }

    public ServerConfig withMaxQueue(int q) {
        return new ServerConfig(host, port, servedModelName, q, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch);
    }

    public ServerConfig withMaxTokensCap(int c) {
        return new ServerConfig(host, port, servedModelName, maxQueue, c, defaultMaxTokens, maxBodyBytes, maxPrompts, maxBatch);
    }

    public ServerConfig withMaxBodyBytes(int b) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, b, maxPrompts, maxBatch);
    }

    public ServerConfig withMaxBatch(int b) {
        return new ServerConfig(host, port, servedModelName, maxQueue, maxTokensCap, defaultMaxTokens, maxBodyBytes, maxPrompts, b);
    }
}
