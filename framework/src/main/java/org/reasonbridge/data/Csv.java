package org.reasonbridge.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * RFC 4180 CSV as the benchmark distributions and problem pools write it: quoted fields may hold commas, doubled
 * quotes and line breaks, so a record is remembered by the line it starts on. Small and strict on purpose: an
 * unterminated quote is an error, not a silently merged row.
 */
public final class Csv {
    /** One record and the 1-based line it starts on. */
    public record Row(long line, List<String> cells) {
    }

    private Csv() {
    }

    /** Every record of {@code file}; any malformed line (bad UTF-8, broken quoting) is a {@link DataFileException}. */
    public static List<Row> read(Path file) {
        return read(file, e -> {
            throw e;
        });
    }

    /**
     * Every record of {@code file}; a line that is not UTF-8 goes to {@code badLine} and the record holding it is
     * left out (the other records keep their line numbers). Broken quoting still ends the file: after it no record
     * boundary can be trusted.
     */
    public static List<Row> read(Path file, Consumer<DataFileException> badLine) {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        long start = 0;
        long expected = 1;
        boolean quoted = false, wasQuoted = false, spoilt = false;
        for (JsonLines.Line l : JsonLines.lines(file, badLine)) {
            if (l.number() != expected) spoilt |= quoted || !cells.isEmpty() || cell.length() > 0; // a bad line fell inside this record
            expected = l.number() + 1;
            String text = l.text();
            if (quoted) {
                cell.append('\n'); // the line break belongs to the quoted field
            } else {
                start = l.number();
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"' && cell.length() == 0 && !wasQuoted) {
                    quoted = wasQuoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    wasQuoted = false;
                } else if (wasQuoted) {
                    throw new DataFileException(file, l.number(), "text after a closing quote");
                } else {
                    cell.append(c);
                }
            }
            if (quoted) continue;
            cells.add(cell.toString());
            cell.setLength(0);
            wasQuoted = false;
            // A blank line between records carries no data.
            if (!(cells.size() == 1 && cells.get(0).isEmpty()) && !spoilt) rows.add(new Row(start, List.copyOf(cells)));
            cells.clear();
            spoilt = false;
        }
        if (quoted) throw new DataFileException(file, start, "quoted field never closed");
        return rows;
    }
}
