package org.reasonbridge.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notebooks' folders: moved by the environment, names checked, figures written as the PNG bytes shown. */
class LabTest {
    @Test
    void foldersAndFiguresGoWhereTheEnvironmentSays(@TempDir Path tmp) throws Exception {
        Map<String, String> env = Map.of(Lab.LAB_ENV, tmp.resolve("lab").toString(), Lab.FIGURES_ENV, tmp.resolve("fig").toString());
        Path dir = Lab.dir("01-curation", env::get);
        assertEquals(tmp.resolve("lab/01-curation"), dir);
        assertTrue(Files.isDirectory(dir));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Path file = Lab.saveFigure(MimeBundle.png(png, "a figure"), "f.png", env::get);
        assertEquals(tmp.resolve("fig/f.png"), file);
        assertArrayEquals(png, Files.readAllBytes(file));
    }

    @Test
    void aFigureFileForCodeThatWritesPngItself(@TempDir Path tmp) {
        Map<String, String> env = Map.of(Lab.FIGURES_ENV, tmp.resolve("fig").toString());
        assertEquals(tmp.resolve("fig/flow.png"), Lab.figure("flow.png", env::get));
        assertTrue(Files.isDirectory(tmp.resolve("fig")));
        assertThrows(IllegalArgumentException.class, () -> Lab.figure("flow.svg", env::get));
    }

    @Test
    void withoutTheEnvironmentTheRepositoryIsUsed() {
        Map<String, String> none = Map.of();
        assertTrue(Lab.dir("x", none::get).endsWith(Path.of("target/notebooks/x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../up", "a/b", "with space"})
    void badFolderNamesAreRefused(String name) {
        Map<String, String> none = Map.of();
        assertThrows(IllegalArgumentException.class, () -> Lab.dir(name, none::get));
    }

    @ParameterizedTest
    @ValueSource(strings = {"figure.jpg", "../figure.png", "figure"})
    void badFigureNamesAreRefused(String name, @TempDir Path tmp) {
        Map<String, String> env = Map.of(Lab.FIGURES_ENV, tmp.toString());
        assertThrows(IllegalArgumentException.class, () -> Lab.saveFigure(MimeBundle.png(new byte[]{1}, "x"), name, env::get));
    }

    @Test
    void onlyAPngIsAFigure(@TempDir Path tmp) {
        Map<String, String> env = Map.of(Lab.FIGURES_ENV, tmp.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lab.saveFigure(MimeBundle.html("<b>x</b>", "x"), "x.png", env::get));
        assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
    }
}
