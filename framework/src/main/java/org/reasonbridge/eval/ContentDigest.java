package org.reasonbridge.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Canonical identities of the inputs of a run: a file or folder by its resolved path and the SHA-256 of its content,
 * never the path as typed, so {@code ./m} and {@code /abs/m} are one model and a retrained adapter folder at the same
 * path is another.
 */
public final class ContentDigest {
    /** The files of a Hugging Face model folder that decide its outputs (weights, config, tokenizer, template). */
    public static final Predicate<String> MODEL_FILES = name -> name.endsWith(".safetensors")
            || name.endsWith(".safetensors.index.json") || name.equals("config.json") || name.equals("generation_config.json")
            || name.startsWith("tokenizer") || name.equals("special_tokens_map.json") || name.endsWith(".jinja")
            || name.equals("vocab.json") || name.equals("merges.txt");
    /** The files of an adapter folder that decide what it adds (the training state beside them does not). */
    public static final Predicate<String> ADAPTER_FILES = name -> name.equals("adapter_config.json")
            || name.equals("adapter_model.safetensors");

    private ContentDigest() {
    }

    /** SHA-256 of one file, hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * SHA-256 of a file, or of a folder: over the sorted relative names of its regular files that {@code keep}
     * accepts (by file name; hidden ones skipped) and each one's SHA-256.
     */
    public static String sha256(Path fileOrFolder, Predicate<String> keep) {
        if (!Files.isDirectory(fileOrFolder)) return sha256(fileOrFolder);
        MessageDigest md = sha();
        try (Stream<Path> s = Files.walk(fileOrFolder)) {
            List<Path> files = s.filter(Files::isRegularFile)
                    .filter(p -> !fileOrFolder.relativize(p).toString().startsWith("."))
                    .filter(p -> keep.test(p.getFileName().toString()))
                    .sorted().toList();
            if (files.isEmpty()) throw new IllegalArgumentException(fileOrFolder + ": no files to identify it by");
            for (Path f : files) {
                md.update(fileOrFolder.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(sha256(f).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + fileOrFolder, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** {@code {path: the real path, sha256: the content}} of a file or folder (see {@link #sha256(Path, Predicate)}). */
    public static Map<String, Object> identity(Path fileOrFolder, Predicate<String> keep) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", resolved(fileOrFolder).toString());
        m.put("sha256", sha256(fileOrFolder, keep));
        return m;
    }

    /** The path with links resolved when it exists, else absolute and normalised. */
    public static Path resolved(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
