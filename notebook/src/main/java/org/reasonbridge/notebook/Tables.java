package org.reasonbridge.notebook;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables for people: aligned plain text (Tablesaw's own printer) and an escaped HTML table with numbers
 * right-aligned, both cut at {@link #MAX_ROWS} rows with a note of how many were left out.
 */
public final class Tables {
    /** Rows shown; the rest are counted, not shown (a notebook is not the place for 58,000 rows). */
    public static final int MAX_ROWS = 50;

    private Tables() {
    }

    /** The table as HTML and aligned text. */
    public static MimeBundle bundle(Table table) {
        return MimeBundle.html(html(table), text(table));
    }

    /** Aligned plain text: a title line, the header and up to {@link #MAX_ROWS} rows. */
    public static String text(Table table) {
        String body = table.print(MAX_ROWS);
        int hidden = table.rowCount() - MAX_ROWS;
        return hidden > 0 ? body + "\n... " + hidden + " more rows (" + table.rowCount() + " in all)" : body;
    }

    /** An HTML table: the name as caption, column types as header tooltips, up to {@link #MAX_ROWS} rows. */
    public static String html(Table table) {
        int shown = Math.min(table.rowCount(), MAX_ROWS);
        StringBuilder out = new StringBuilder(256 + 40 * shown * Math.max(1, table.columnCount()));
        out.append("<table class=\"rb-table\" style=\"border-collapse:collapse;font-size:13px\">");
        if (table.name() != null && !table.name().isEmpty()) {
            out.append("<caption style=\"text-align:left;font-weight:bold\">").append(MimeBundle.escape(table.name()))
                    .append(" <span style=\"font-weight:normal;color:#666\">(").append(table.rowCount())
                    .append(" rows \u00d7 ").append(table.columnCount()).append(" columns)</span></caption>");
        }
        out.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            out.append("<th style=\"text-align:").append(align(c)).append(";border-bottom:1px solid #888;padding:2px 8px\" title=\"")
                    .append(MimeBundle.escape(c.type().name())).append("\">").append(MimeBundle.escape(c.name())).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++) {
            out.append("<tr>");
            for (Column<?> c : table.columns()) {
                out.append("<td style=\"text-align:").append(align(c)).append(";padding:2px 8px\">")
                        .append(MimeBundle.escape(c.getString(r))).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        if (table.rowCount() > shown) {
            out.append("<div style=\"color:#666;font-size:12px\">\u2026 ").append(table.rowCount() - shown)
                    .append(" more rows (").append(table.rowCount()).append(" in all)</div>");
        }
        return out.toString();
    }

    private static String align(Column<?> c) {
        return c instanceof NumericColumn<?> ? "right" : "left";
    }
}
