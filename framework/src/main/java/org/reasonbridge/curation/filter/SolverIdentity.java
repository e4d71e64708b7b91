package org.reasonbridge.curation.filter;

import org.reasonbridge.lm.LanguageModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Who a solver is, however it was named: a local model folder by the digest of its files' contents (the same model
 * through a relative path, an absolute one or a link is one solver; the same path holding other weights is another),
 * with its resolved real path to show; an endpoint by its normalised URL and model name. The difficulty journal keys
 * its verdicts on these, never on a path as typed.
 *
 * @param key  what makes two solvers the same (journal header)
 * @param name what the audit shows ({@code /models/Qwen2.5-7B-Instruct}, {@code http://host:8000/v1@qwen})
 */
public record SolverIdentity(String key, String name) {
    /** Files up to this size are digested whole; larger ones (weights) by {@value #SAMPLES} evenly spread chunks. */
    static final long WHOLE = 4L << 20;
    static final int SAMPLES = 16, CHUNK = 64 << 10;
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

    /** The identity of {@code solver}, from {@link LanguageModel#describe()}. */
    public static SolverIdentity of(LanguageModel solver) {
        Map<String, Object> d = solver.describe();
        String model = String.valueOf(d.getOrDefault("model", solver.getClass().getSimpleName()));
        Object policy = d.get("policy");
        String policyTag = policy == null || "none".equals(policy) ? "" : "+" + policy;
        if ("local".equals(d.get("kind")) && Files.isDirectory(Path.of(model))) {
            Path real = realPath(Path.of(model));
            return new SolverIdentity("local:" + digest(real) + policyTag, real + policyTag);
        }
        Object endpoint = d.get("endpoint");
        if (endpoint != null) {
            String url = normalise(endpoint.toString());
            return new SolverIdentity(d.getOrDefault("kind", "endpoint") + ":" + url + "@" + model + policyTag, url + "@" + model + policyTag);
        }
        return new SolverIdentity(model + policyTag, model + policyTag);
    }

    /** {@code HTTP://Host:8000/v1/} and {@code http://host:8000/v1} are one endpoint. */
    static String normalise(String url) {
        try {
            URI u = URI.create(url.strip()).normalize();
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            return (u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT) + "://") + host
                    + (u.getPort() < 0 ? "" : ":" + u.getPort()) + path;
        } catch (IllegalArgumentException e) {
            return url.strip();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot resolve the solver's model folder", e);
        }
    }

    /**
     * 16 hex digits of SHA-256 over the folder's files (names, sizes, contents; weights sampled), remembered for the
     * run per real path, size and modification time.
     */
    static String digest(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list the solver's model folder", e);
        }
        StringBuilder stamp = new StringBuilder(folder.toString());
        try {
            for (Path f : files) stamp.append('|').append(f.getFileName()).append(':').append(Files.size(f)).append(':').append(Files.getLastModifiedTime(f).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot read the solver's model folder", e);
        }
        return DIGESTS.computeIfAbsent(stamp.toString(), k -> compute(files));
    }

    private static String compute(List<Path> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    long size = ch.size();
                    md.update(ByteBuffer.allocate(Long.BYTES).putLong(0, size));
                    if (size <= WHOLE) {
                        update(md, ch, 0, size, buf);
                    } else {
                        for (int k = 0; k < SAMPLES; k++) update(md, ch, (size - CHUNK) * k / (SAMPLES - 1), CHUNK, buf);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the solver's model files", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, FileChannel ch, long from, long length, ByteBuffer buf) throws IOException {
        long at = from, end = from + length;
        while (at < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - at));
            int n = ch.read(buf, at);
            if (n < 0) break;
            buf.flip();
            md.update(buf);
            at += n;
        }
    }
}
