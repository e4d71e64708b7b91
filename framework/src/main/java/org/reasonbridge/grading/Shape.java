package org.reasonbridge.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * The outer structure of a normalised answer: a matrix, a union of intervals, a set, a bracketed tuple or
 * interval, a bare comma list, or one scalar. {@code open}/{@code close} carry the bracket types (and a matrix's
 * size), which must match for two answers to be equal.
 */
record Shape(Kind kind, String open, String close, List<String> parts) {
    enum Kind { MATRIX, UNION, SET, BRACKETED, LIST, SCALAR }

    Shape {
        parts = List.copyOf(parts);
    }

    /** Tuples, intervals, lists and matrices are ordered; sets and unions are not. */
    boolean ordered() {
        return kind != Kind.SET && kind != Kind.UNION;
    }

    static Shape of(String s, Deadline d) {
        s = s.strip();
        if (s.startsWith("\\begin{") && s.contains("\\end{") && s.indexOf("\\end{") == s.lastIndexOf("\\end{")) return matrix(s);
        if (s.length() > 2 && "([".indexOf(s.charAt(0)) >= 0 && ")]".indexOf(s.charAt(s.length() - 1)) >= 0) {
            String inner = s.substring(1, s.length() - 1).strip(); // \left[\begin{array}..\end{array}\right]
            if (inner.startsWith("\\begin{") && inner.endsWith("}") && inner.indexOf("\\begin{", 1) < 0) return matrix(inner);
        }
        List<String> union = split(s, "\\cup", d);
        if (union.size() > 1) return new Shape(Kind.UNION, "", "", union);
        if (s.startsWith("\\{") && s.endsWith("\\}") && closesAtEnd(s, d)) {
            return new Shape(Kind.SET, "{", "}", split(s.substring(2, s.length() - 2), ",", d));
        }
        if (s.startsWith("{") && s.endsWith("}") && closesAtEnd(s, d)) { // {1,2,3}: the braces of a set, not a group
            List<String> members = split(s.substring(1, s.length() - 1), ",", d);
            if (members.size() > 1) return new Shape(Kind.SET, "{", "}", members);
        }
        List<String> items = split(s, ",", d);
        if (s.length() >= 2 && "([".indexOf(s.charAt(0)) >= 0 && ")]".indexOf(s.charAt(s.length() - 1)) >= 0
                && closesAtEnd(s, d)) {
            List<String> inner = split(s.substring(1, s.length() - 1), ",", d);
            if (inner.size() > 1) return new Shape(Kind.BRACKETED, s.substring(0, 1), s.substring(s.length() - 1), inner);
        }
        if (items.size() > 1) return new Shape(Kind.LIST, "", "", items);
        return new Shape(Kind.SCALAR, "", "", List.of(s));
    }

    /** {@code \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}}: cells row by row, the size in {@code open}. */
    private static Shape matrix(String s) {
        int body = s.indexOf('}') + 1, end = s.lastIndexOf("\\end{");
        if (s.startsWith("\\begin{array}{")) body = s.indexOf('}', body) + 1; // the column spec {cc}
        if (body <= 0) return new Shape(Kind.SCALAR, "", "", List.of(s));
        if (end < body) return new Shape(Kind.SCALAR, "", "", List.of(s));
        List<String> cells = new ArrayList<>();
        String[] rows = s.substring(body, end).split("\\\\\\\\");
        int columns = -1;
        for (String row : rows) {
            if (row.isBlank()) continue;
            String[] rowCells = row.split("&");
            if (columns >= 0 && columns != rowCells.length) columns = -2;
            else if (columns != -2) columns = rowCells.length;
            for (String cell : rowCells) cells.add(cell.strip());
        }
        return new Shape(Kind.MATRIX, "matrix " + columns + "x" + cells.size(), "", cells);
    }

    /** Whether the bracket opening {@code s} closes at its last character (so "(1,2)(3,4)" is not one tuple). */
    private static boolean closesAtEnd(String s, Deadline d) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            if ((i & 1023) == 0) d.check();
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
                depth += s.charAt(i + 1) == '{' ? 1 : -1;
                i++;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (depth == 0 && i < s.length() - 1) return false;
        }
        return depth == 0;
    }

    /** Index of {@code sep} outside all brackets, or -1. */
    static int topLevel(String s, String sep, Deadline d) {
        List<Integer> at = positions(s, sep, d, 1);
        return at.isEmpty() ? -1 : at.get(0);
    }

    /** {@code s} cut at every {@code sep} outside brackets; intervals' mismatched brackets count as brackets. */
    static List<String> split(String s, String sep, Deadline d) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int at : positions(s, sep, d, Integer.MAX_VALUE)) {
            out.add(s.substring(from, at).strip());
            from = at + sep.length();
        }
        out.add(s.substring(from).strip());
        return out;
    }

    private static List<Integer> positions(String s, String sep, Deadline d, int limit) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < s.length() && out.size() < limit; i++) {
            if ((i & 1023) == 0) d.check();
            char c = s.charAt(i);
            if (depth == 0 && s.startsWith(sep, i)) {
                out.add(i);
                i += sep.length() - 1;
            } else if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
                depth += s.charAt(i + 1) == '{' ? 1 : -1;
                i++;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return out;
    }
}
