package org.reasonbridge.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.model.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Parquet files as the same rows {@link JsonLines} gives ({@code number} = 1-based row, {@code object} = the
 * columns), so every loader of JSON records reads Parquet too. Read through DuckDB's embedded engine (its JDBC jar
 * bundles the native library; nothing is downloaded): the one well-kept Parquet reader on Maven Central that
 * needs neither Hadoop nor a newer Java.
 */
public final class Parquet {
    private static final ObjectMapper JSON = Json.MAPPER;

    private Parquet() {
    }

    /** Whether {@code file} is named as Parquet. */
    public static boolean is(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
    }

    /** Every row of {@code file}; an unreadable or non-Parquet file is an error naming it. */
    public static List<JsonLines.Row> objects(Path file) {
        if (!Files.isRegularFile(file)) throw new DataFileException(file, 0, "no such file");
        List<JsonLines.Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')")) {
            ResultSetMetaData meta = r.getMetaData();
            long number = 0;
            while (r.next()) {
                ObjectNode o = JSON.createObjectNode();
                for (int i = 1; i <= meta.getColumnCount(); i++) o.set(meta.getColumnLabel(i), value(r.getObject(i)));
                rows.add(new JsonLines.Row(++number, o));
            }
        } catch (SQLException e) {
            throw new DataFileException(file, 0, "not a readable Parquet file: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return rows;
    }

    /** Column values as JSON: numbers keep their digits, lists stay lists, anything else becomes text. */
    private static JsonNode value(Object v) throws SQLException {
        if (v == null) return JSON.nullNode();
        if (v instanceof Array a) {
            var list = JSON.createArrayNode();
            for (Object e : (Object[]) a.getArray()) list.add(value(e));
            return list;
        }
        if (v instanceof Number || v instanceof Boolean) return JSON.valueToTree(v);
        return JSON.getNodeFactory().textNode(v.toString());
    }
}
