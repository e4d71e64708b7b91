package org.reasonbridge.notebook;

import org.reasonbridge.analysis.LinePlot;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Charts as PNG outputs: the project's {@link LinePlot} for tables, and any Java2D image. */
public final class Charts {
    /** Pixel size of {@link #line} charts: wide enough for the legend beside the plot. */
    public static final int WIDTH = 720, HEIGHT = 420;

    private Charts() {
    }

    /**
     * {@code y} against {@code x}, one line per value of {@code group} (null: one line), as a PNG output; the
     * same figure {@code sweep} writes.
     */
    public static MimeBundle line(Table table, String x, String y, String group, String title) {
        try {
            // LinePlot draws to a file (the CLI's use); a temporary one carries the bytes here
            Path png = Files.createTempFile("reasonbridge-chart", ".png");
            try {
                LinePlot.write(table, x, y, group, title, png, WIDTH, HEIGHT);
                return MimeBundle.png(Files.readAllBytes(png), title + " [" + y + " by " + x + ", PNG]");
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the chart '" + title + "'", e);
        }
    }

    /** An image as a PNG output. */
    public static MimeBundle png(RenderedImage image) {
        return MimeBundle.png(pngBytes(image), "[image " + image.getWidth() + "\u00d7" + image.getHeight() + ", PNG]");
    }

    static byte[] pngBytes(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) throw new IllegalArgumentException("no PNG writer for this image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
