package org.reasonbridge.eval.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads a manifest's files into a folder: each to a temporary file beside its target, hashed while it streams,
 * checked against the manifest's sha256 when there is one, then moved into place atomically, so a reader never sees
 * half a file and a failed or mismatching download leaves nothing behind. When the host cannot be reached the error
 * carries the manifest's manual route.
 */
public final class DatasetFetcher {
    /** A download that did not happen or did not verify; the message says what to do instead. */
    public static final class FetchException extends RuntimeException {
        public FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One file in place: where, its sha256, and whether that was checked against the manifest. */
    public record Fetched(Path file, String sha256, boolean verified) {
    }

    private final HttpClient http;
    private final Duration timeout;

    /** Fails fast on a machine without network: 10 s to connect, 30 min for a whole file. */
    public DatasetFetcher() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build(),
                Duration.ofMinutes(30));
    }

    public DatasetFetcher(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public List<Fetched> fetch(DatasetManifest manifest, Path dir) {
        List<Fetched> out = new ArrayList<>();
        for (DatasetManifest.Source s : manifest.files()) out.add(fetch(manifest, s, dir));
        return out;
    }

    private Fetched fetch(DatasetManifest manifest, DatasetManifest.Source source, Path dir) {
        Path target = dir.resolve(source.path()).normalize();
        Path part = null;
        try {
            Files.createDirectories(target.getParent());
            HttpRequest request = HttpRequest.newBuilder(URI.create(source.url())).timeout(timeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new FetchException("cannot download " + source.url() + " (" + describe(e) + ").\n" + manualRoute(manifest, dir), e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FetchException("cannot download " + source.url() + ": HTTP " + response.statusCode()
                            + (response.statusCode() == 401 || response.statusCode() == 403 ? " (the dataset may be gated: accept its terms and download it by hand)" : "")
                            + ".\n" + manualRoute(manifest, dir), null);
                }
                part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (OutputStream o = Files.newOutputStream(part); DigestInputStream in = new DigestInputStream(body, sha)) {
                    in.transferTo(o);
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (source.sha256() != null && !source.sha256().equals(actual)) {
                    throw new FetchException("sha256 mismatch for " + source.url() + ": expected " + source.sha256() + ", got "
                            + actual + "; the download was deleted", null);
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                part = null;
                return new Fetched(target, actual, source.sha256() != null);
            }
        } catch (IOException e) {
            throw new FetchException("download of " + source.url() + " failed (" + describe(e) + ").\n" + manualRoute(manifest, dir), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("download of " + source.url() + " interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // the temporary name ends in .part; nothing reads it
                }
            }
        }
    }

    /** The manifest's manual route, and where this command would have put the files. */
    static String manualRoute(DatasetManifest m, Path dir) {
        StringBuilder sb = new StringBuilder("Manual route for " + m.name() + ": " + m.manual().strip() + "\nPut the file(s) at:");
        for (DatasetManifest.Source s : m.files()) sb.append("\n  ").append(dir.resolve(s.path())).append("   (from ").append(s.url()).append(')');
        return sb.toString();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        // A refused or timed-out connection usually carries no message: say what it most likely means.
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? ": the host is not reachable from this machine" : ": " + m);
    }
}
