package org.reasonbridge.analysis;

import org.reasonbridge.data.AtomicFiles;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A Tablesaw table as CSV and as a Markdown table, written atomically side by side. */
public final class TableFiles {
    private TableFiles() {
    }

    /** Writes {@code stem.csv} and {@code stem.md} into {@code dir}; returns both paths. */
    public static List<Path> write(Table table, Path dir, String stem) {
        Path csv = dir.resolve(stem + ".csv"), md = dir.resolve(stem + ".md");
        AtomicFiles.writeString(csv, csv(table));
        AtomicFiles.writeString(md, markdown(table));
        return List.of(csv, md);
    }

    /** The table as CSV with a header row (full precision). */
    public static String csv(Table table) {
        StringWriter w = new StringWriter();
        table.write().csv(w);
        return w.toString();
    }

    /**
     * The table as a GitHub Markdown table under its name as a heading; decimals as four digits, so a column of
     * accuracies reads evenly. Pipes in cells are escaped.
     */
    public static String markdown(Table table) {
        StringBuilder sb = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) sb.append("**").append(table.name()).append("**\n\n");
        sb.append('|');
        for (String c : table.columnNames()) sb.append(' ').append(escape(c)).append(" |");
        sb.append("\n|");
        for (Column<?> c : table.columns()) sb.append(c.type().name().equals("STRING") ? " --- |" : " ---: |");
        sb.append('\n');
        for (int r = 0; r < table.rowCount(); r++) {
            sb.append('|');
            for (Column<?> c : table.columns()) sb.append(' ').append(escape(cell(c, r))).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(Column<?> c, int r) {
        if (c.isMissing(r)) return "";
        Object v = c.get(r);
        if (v instanceof Double d) return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
        if (v instanceof Float f) return String.format(Locale.ROOT, "%.4f", f);
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
