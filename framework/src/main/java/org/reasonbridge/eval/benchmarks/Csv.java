package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as the benchmark distributions write it: quoted fields may hold commas, doubled quotes and line
 * breaks, so a record is remembered by the line it starts on. Small and strict on purpose: an unterminated quote
 * is an error, not a silently merged row.
 */
final class Csv {
    /** One record and the 1-based line it starts on. */
    record Row(long line, List<String> cells) {
    }

    private Csv() {
    }

    static List<Row> read(Path file) {
        String text = JsonLines.text(file); // strict UTF-8, line by line
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        long line = 1, start = 1;
        boolean quoted = false, wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0 && !wasQuoted) {
                quoted = wasQuoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
                // A blank line between records carries no data.
                if (!(cells.size() == 1 && cells.get(0).isEmpty())) rows.add(new Row(start, List.copyOf(cells)));
                cells.clear();
                start = ++line;
            } else if (wasQuoted) {
                throw new DataFileException(file, line, "text after a closing quote");
            } else {
                cell.append(c);
            }
        }
        if (quoted) throw new DataFileException(file, start, "quoted field never closed");
        return rows;
    }
}
