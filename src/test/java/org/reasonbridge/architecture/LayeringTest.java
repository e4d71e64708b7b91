package org.reasonbridge.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages' order, as docs/architecture.md draws it: a package may use only packages of a strictly lower layer
 * (or its own component), so no import runs upward and no cycle between components can form. A sub-package not
 * listed belongs to the component of its nearest listed parent ({@code curation.pool} to {@code curation}). Read from the sources of every
 * module (imports and fully qualified names in code; comments are ignored), so it needs no bytecode tool.
 */
class LayeringTest {
    /** Every package of the project and its layer; a new package must be placed here (and in the architecture map). */
    static final Map<String, Integer> LAYERS = Map.ofEntries(
            // module jinja
            entry("jinja", 0),
            // module samediff-models
            entry("model.json", -1), entry("model.input", 0),
            entry("model.config", 1), entry("model.exec", 1), entry("model.io", 1), entry("model.levels", 1), entry("model.tokenizer", 1),
            entry("model.transformer", 2),
            entry("model.adapters", 3), entry("model.loss", 3), entry("model.generate", 3),
            entry("model", 4),
            // module framework, bottom to top
            entry("exact", 10), entry("http", 10), entry("data", 10),
            entry("openai", 11),
            entry("lm", 12),
            entry("grading", 13), entry("levels", 13), entry("teacher", 13), entry("inference", 13),
            entry("training", 14), entry("eval", 14), entry("curation.audit", 14),
            entry("curation.pool", 15), entry("curation.filter", 15), entry("analysis", 15),
            entry("curation", 16),
            entry("experiment", 17),
            entry("demo", 18),
            entry("serve", 18),
            entry("cli", 19),
            // modules notebook and bench
            entry("notebook", 19),
            entry("bench", 20));

    private static final List<String> MODULES = List.of("jinja", "samediff-models", "framework", "notebook", "bench");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.reasonbridge\\.((?:[a-z][a-z0-9_]*\\.)*)[A-Z*]");
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"");

    @Test
    void noPackageUsesOneAboveIt() {
        List<String> violations = new ArrayList<>();
        TreeSet<String> unplaced = new TreeSet<>();
        for (Path file : sources()) {
            String from = component(packageOf(file));
            if (from == null) {
                unplaced.add(packageOf(file));
                continue;
            }
            Matcher m = REFERENCE.matcher(code(file));
            TreeSet<String> seen = new TreeSet<>();
            while (m.find()) {
                String name = packageName(m.group(1));
                String to = component(name);
                if (to == null) {
                    unplaced.add(name);
                    continue;
                }
                if (to.equals(from) || !seen.add(to)) continue;
                if (LAYERS.get(to) >= LAYERS.get(from)) {
                    violations.add(root().relativize(file) + ": " + from + " (layer " + LAYERS.get(from) + ") uses "
                            + to + " (layer " + LAYERS.get(to) + ")");
                }
            }
        }
        assertEquals(new TreeSet<>(), unplaced, "packages missing from LAYERS (place them, and in docs/architecture.md)");
        assertEquals(List.of(), violations, "imports against the layering");
    }

    /** The check finds what it must: an upward reference in code, not one in a comment or a string. */
    @Test
    void theScanReadsCodeNotComments() {
        String code = COMMENTS.matcher("import org.reasonbridge.cli.Main; // org.reasonbridge.serve.X\n/** {@link org.reasonbridge.demo.Y} */")
                .replaceAll(" ");
        Matcher m = REFERENCE.matcher(STRINGS.matcher(code + " String s = \"org.reasonbridge.notebook.Z\";").replaceAll("\"\""));
        List<String> found = new ArrayList<>();
        while (m.find()) found.add(packageName(m.group(1)));
        assertEquals(List.of("cli"), found);
        assertEquals("model", packageName("model."));
        assertEquals("model.transformer", packageName("model.transformer."));
        assertTrue(LAYERS.get("grading") >= LAYERS.get("exact") + 1);
    }

    /** The package itself when listed in {@link #LAYERS}, else its nearest listed parent; null if none. */
    static String component(String pkg) {
        for (String p = pkg; ; p = p.substring(0, p.lastIndexOf('.'))) {
            if (LAYERS.containsKey(p)) return p;
            if (p.indexOf('.') < 0) return null;
        }
    }

    /** {@code model.transformer.} -> {@code model.transformer}; the root of samediff-models is {@code model}. */
    static String packageName(String dotted) {
        return dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
    }

    private static String packageOf(Path file) {
        Path java = file.getParent();
        List<String> parts = new ArrayList<>();
        while (!java.getFileName().toString().equals("reasonbridge")) {
            parts.add(0, java.getFileName().toString());
            java = java.getParent();
        }
        return String.join(".", parts);
    }

    static String code(Path file) {
        try {
            return STRINGS.matcher(COMMENTS.matcher(Files.readString(file)).replaceAll(" ")).replaceAll("\"\"");
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static List<Path> sources() {
        List<Path> out = new ArrayList<>();
        for (String module : MODULES) {
            Path dir = root().resolve(module).resolve("src/main/java/org/reasonbridge");
            assertTrue(Files.isDirectory(dir), "no sources at " + dir);
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static Path root() {
        String r = System.getProperty("reasonbridge.root");
        Path p = r != null ? Path.of(r) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("reasonbridge"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        return p;
    }
}
