package org.reasonbridge.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the notebooks under {@code notebooks/} keep their work and their figures, so that each can be run top to
 * bottom on its own and the headless tests can send both somewhere else.
 *
 * <ul>
 *   <li>Work folders: {@code $REASONBRIDGE_LAB/<name>}, by default {@code <repository>/target/notebooks/<name>}
 *       (ignored by git, gone with {@code mvn clean}).</li>
 *   <li>Figures: {@code $REASONBRIDGE_FIGURES}, by default {@code <repository>/docs/figures}, where the README's
 *       figures live.</li>
 * </ul>
 * The repository is the {@code reasonbridge.root} system property the kernel's launcher sets, else the working
 * folder's parent (a notebook runs in {@code notebooks/}).
 */
public final class Lab {
    /** Environment variables that move the work folders and the figures. */
    public static final String LAB_ENV = "REASONBRIDGE_LAB", FIGURES_ENV = "REASONBRIDGE_FIGURES";

    private Lab() {
    }

    /** The work folder {@code name} of a notebook, created when missing. */
    public static Path dir(String name) {
        return dir(name, System::getenv);
    }

    static Path dir(String name, Function<String, String> env) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a work folder's name has letters, digits, '.', '_' and '-' only: " + name);
        }
        String lab = env.apply(LAB_ENV);
        return create((lab != null && !lab.isBlank() ? Path.of(lab) : root().resolve("target/notebooks")).resolve(name));
    }

    /** Writes {@code figure}'s PNG as {@code fileName} in the figures folder; returns the file. */
    public static Path saveFigure(MimeBundle figure, String fileName) {
        return saveFigure(figure, fileName, System::getenv);
    }

    static Path saveFigure(MimeBundle figure, String fileName, Function<String, String> env) {
        Objects.requireNonNull(figure, "figure");
        Path file = figure(fileName, env);
        String png = figure.data().get(MimeBundle.PNG);
        if (png == null) throw new IllegalArgumentException("not a PNG figure: it shows as " + figure.data().keySet());
        try {
            Files.write(file, Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the figure", e);
        }
        return file;
    }

    /** Where a figure called {@code fileName} goes, for code that writes PNG files itself (the folder is created). */
    public static Path figure(String fileName) {
        return figure(fileName, System::getenv);
    }

    static Path figure(String fileName, Function<String, String> env) {
        if (fileName == null || !fileName.matches("[A-Za-z0-9._-]+\\.png")) {
            throw new IllegalArgumentException("a figure's file name ends in .png and has letters, digits, '.', '_' and '-' only: " + fileName);
        }
        String dir = env.apply(FIGURES_ENV);
        return create(dir != null && !dir.isBlank() ? Path.of(dir) : root().resolve("docs/figures")).resolve(fileName);
    }

    /** The repository: the kernel's {@code reasonbridge.root}, else the parent of the working folder. */
    static Path root() {
        String root = System.getProperty("reasonbridge.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the folder", e);
        }
    }
}
