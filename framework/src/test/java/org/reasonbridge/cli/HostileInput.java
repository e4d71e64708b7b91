package org.reasonbridge.cli;

import org.reasonbridge.model.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The harness of the hostile-input suites: a case sets up files in a fresh folder, runs one command line
 * in-process, and the user must read a clear error (what failed, where: file:line, key or flag, and what to do)
 * while every file that was there before is still there, byte for byte.
 */
final class HostileInput {
    /** In expected text, {@code @/} stands for the case's folder (with its separator). */
    static final String AT = "@/";
    /** What a user must never read: a stack trace, Java names, a parser's source excerpt. */
    private static final Pattern NOISE = Pattern.compile("\tat |Exception|java\\.|com\\.fasterxml|REDACTED|org\\.reasonbridge");

    /** Writes the case's files into its folder and returns the command line. */
    @FunctionalInterface
    interface Setup {
        List<String> args(Dir d) throws IOException;
    }

    /**
     * One hostile input.
     *
     * @param exit     the exit code (0 when the input is odd but fine, 1 an error, 2 a usage error)
     * @param expected what standard error must hold ({@code @/} = the folder)
     * @param changes  files of the folder the command may rewrite (its declared output, on success)
     * @param needsNonRoot file modes do not stop root; such a case is skipped for root
     */
    record Case(String command, String name, Setup setup, int exit, List<String> expected, Set<String> changes,
                boolean needsNonRoot) {
        @Override
        public String toString() {
            return command + ": " + name;
        }
    }

    static Case fails(String command, String name, Setup setup, String... expected) {
        return new Case(command, name, setup, 1, List.of(expected), Set.of(), false);
    }

    static Case usage(String command, String name, Setup setup, String... expected) {
        return new Case(command, name, setup, 2, List.of(expected), Set.of(), false);
    }

    static Case works(String command, String name, Setup setup, String... changes) {
        return new Case(command, name, setup, 0, List.of(), Set.of(changes), false);
    }

    static Case nonRoot(Case c) {
        return new Case(c.command, c.name, c.setup, c.exit, c.expected, c.changes, true);
    }

    /** The case's folder and the files a case puts there. */
    static final class Dir {
        final Path root;

        Dir(Path root) {
            this.root = root;
        }

        Path path(String name) {
            return root.resolve(name);
        }

        String arg(String name) {
            return path(name).toString();
        }

        Path write(String name, byte[] content) throws IOException {
            Path p = path(name);
            Files.createDirectories(p.getParent());
            return Files.write(p, content);
        }

        Path write(String name, String content) throws IOException {
            return write(name, utf8(content));
        }

        Path folder(String name) throws IOException {
            return Files.createDirectories(path(name));
        }

        /** A copy of the tiny Qwen2 fixture model (config, weights, tokenizer, generation config) in {@code name}. */
        Path model(String name) throws IOException {
            Path to = folder(name);
            try (Stream<Path> files = Files.list(Fixtures.model("qwen2-tiny"))) {
                for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
            }
            return to;
        }

        /** Rewrites a text file of the folder. */
        void edit(String name, UnaryOperator<String> change) throws IOException {
            Files.writeString(path(name), change.apply(Files.readString(path(name))));
        }

        /** A file made {@code bytes} long without writing them (sparse): an oversized input at no cost. */
        void grow(String name, long bytes) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(path(name).toFile(), "rw")) {
                f.setLength(bytes);
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** UTF-16 as Windows Notepad saves it: with a byte-order mark. */
    static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16);
    }

    /** UTF-8 with the byte-order mark some editors put first. */
    static byte[] bom(String s) {
        byte[] b = utf8(s), out = new byte[b.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(b, 0, out, 3, b.length);
        return out;
    }

    /** The first bytes of {@code s}: a file cut off by a full disk or a kill. */
    static byte[] truncated(String s, int keep) {
        return Arrays.copyOf(utf8(s), keep);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs the case in {@code tmp} and checks the exit code, the message and that nothing earlier was lost. */
    static void check(Case c, Path tmp) throws IOException {
        assumeFalse(c.needsNonRoot && isRoot(), "root writes into read-only folders");
        Dir d = new Dir(tmp);
        List<String> args = c.setup.args(d);
        Map<String, String> before = hashes(tmp);
        CliRun.Result r = CliRun.run(args.toArray(String[]::new));
        String where = c + "\n$ reasonbridge " + String.join(" ", args) + "\n" + r.err();
        assertEquals(c.exit, r.code(), where);
        String err = r.err();
        for (String e : c.expected) {
            String fragment = e.replace(AT, tmp + tmp.getFileSystem().getSeparator());
            assertTrue(err.contains(fragment), "expected: " + fragment + "\n" + where);
        }
        if (c.exit == 1) {
            assertTrue(err.startsWith("error: ") || err.contains("\nerror: "), where);
            String message = err.substring(err.indexOf("error: "));
            assertFalse(NOISE.matcher(message).find(), "Java text in: " + where);
            assertEquals(1, message.lines().count(), "one line: " + where);
        }
        Map<String, String> after = hashes(tmp);
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (c.changes.contains(e.getKey())) continue;
            assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " was lost or changed: " + where);
        }
    }

    /** Every file under {@code dir} (relative path -> SHA-256). */
    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) > (64L << 20)) continue; // a sparse giant made by the case: compared by size below
                out.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
