package org.reasonbridge.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotTest {
    @Test
    void drawsOneColouredLinePerGroup(@TempDir Path dir) throws Exception {
        Table t = Table.create("t", StringColumn.create("method", "gii", "gii", "gii", "bf", "bf", "bf"),
                IntColumn.create("interventions", 0, 2, 4, 0, 2, 4),
                DoubleColumn.create("accuracy", 0.2, 0.4, 0.5, 0.2, 0.3, 0.35));
        Path png = dir.resolve("plots/curve.png");
        LinePlot.write(t, "interventions", "accuracy", "method", "Accuracy vs interventions", png, 640, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        assertTrue(Files.size(png) > 2000, "a real picture, not an empty file");
        Set<Integer> colours = new HashSet<>();
        int ink = 0;
        for (int x = 70; x < 480; x++) {
            for (int y = 40; y < 345; y++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb != 0xFFFFFF) ink++;
                colours.add(rgb);
            }
        }
        assertTrue(ink > 500, "lines drawn: " + ink);
        assertTrue(colours.contains(0x1f77b4) && colours.contains(0xd62728), "both series' colours appear");
    }

    /** Interventions 0..2 get ticks 0, 1, 2 (never 0.5), and a series equal to another is still drawn and named. */
    @Test
    void integerAxesAndIdenticalSeries(@TempDir Path dir) throws Exception {
        assertEquals(List.of(0.0, 1.0, 2.0), LinePlot.ticks(0, 2, true));
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0), LinePlot.ticks(0, 2, false));
        Table t = Table.create("t", StringColumn.create("method", "gii", "gii", "bf", "bf"),
                IntColumn.create("interventions", 0, 2, 0, 2), DoubleColumn.create("accuracy", 0.2, 0.4, 0.2, 0.4));
        Path png = dir.resolve("same.png");
        LinePlot.write(t, "interventions", "accuracy", "method", "same", png, 640, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int x = 70; x < 480; x++) for (int y = 40; y < 345; y++) colours.add(img.getRGB(x, y) & 0xFFFFFF);
        assertTrue(colours.contains(0x1f77b4) && colours.contains(0xd62728), "the second series is visible over the first");
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) {
        Table empty = Table.create("e", IntColumn.create("x"), DoubleColumn.create("y"));
        assertThrows(IllegalArgumentException.class, () -> LinePlot.write(empty, "x", "y", null, "t", dir.resolve("a.png"), 300, 200));
        Table t = Table.create("t", IntColumn.create("x", 1), DoubleColumn.create("y", 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinePlot.write(t, "x", "z", null, "t", dir.resolve("a.png"), 300, 200));
        assertTrue(e.getMessage().contains("no column 'z'"));
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0), LinePlot.ticks(0, 1));
    }
}
