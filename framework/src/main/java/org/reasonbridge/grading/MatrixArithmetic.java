package org.reasonbridge.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sum or product of written-out matrices ({@code \begin{pmatrix}..\end{pmatrix} + \begin{pmatrix}..\end{pmatrix}},
 * two matrices side by side, {@code \cdot}, {@code \times}) as the one matrix it equals, as Math-Verify evaluates it.
 * Cells stay expressions ({@code (1)*(5)+(2)*(7)}), so the comparison after it decides their values. Only matrix
 * literals and the operators {@code + - \cdot \times} (or nothing) between them; anything else is not rewritten.
 */
final class MatrixArithmetic {
    private static final int MAX_CELLS = 256;

    private MatrixArithmetic() {
    }

    /** A matrix of cells, row by row. */
    private record Matrix(int rows, int columns, List<String> cells) {
        String cell(int r, int c) {
            return cells.get(r * columns + c);
        }

        String latex() {
            StringBuilder out = new StringBuilder("\\begin{pmatrix}");
            for (int r = 0; r < rows; r++) {
                if (r > 0) out.append(" \\\\ ");
                for (int c = 0; c < columns; c++) out.append(c > 0 ? " & " : "").append(cell(r, c));
            }
            return out.append("\\end{pmatrix}").toString();
        }
    }

    /** The single matrix {@code s} evaluates to, when it is two or more matrix literals joined by operators. */
    static Optional<String> evaluate(String s, Deadline d) {
        List<Matrix> terms = new ArrayList<>();
        List<Character> ops = new ArrayList<>();
        int at = skip(s, 0);
        while (at < s.length()) {
            d.check();
            if (!terms.isEmpty()) {
                char op = '*';
                if (s.charAt(at) == '+' || s.charAt(at) == '-') op = s.charAt(at++);
                else if (s.startsWith("\\cdot", at)) at += 5;
                else if (s.startsWith("\\times", at)) at += 6;
                ops.add(op);
                at = skip(s, at);
            }
            if (!s.startsWith("\\begin{", at)) return Optional.empty();
            int nameEnd = s.indexOf('}', at);
            if (nameEnd < 0) return Optional.empty();
            String end = "\\end{" + s.substring(at + 7, nameEnd) + "}";
            int close = s.indexOf(end, nameEnd);
            if (close < 0) return Optional.empty();
            Optional<Matrix> m = literal(s.substring(at, close + end.length()), d);
            if (m.isEmpty()) return Optional.empty();
            terms.add(m.get());
            at = skip(s, close + end.length());
        }
        if (terms.size() < 2) return Optional.empty();
        // products first, then sums and differences left to right
        List<Matrix> summands = new ArrayList<>(List.of(terms.get(0)));
        List<Character> signs = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Matrix next = terms.get(i + 1);
            if (ops.get(i) == '*') {
                Optional<Matrix> p = product(summands.get(summands.size() - 1), next);
                if (p.isEmpty()) return Optional.empty();
                summands.set(summands.size() - 1, p.get());
            } else {
                summands.add(next);
                signs.add(ops.get(i));
            }
        }
        Matrix total = summands.get(0);
        for (int i = 1; i < summands.size(); i++) {
            Matrix b = summands.get(i);
            if (b.rows() != total.rows() || b.columns() != total.columns()) return Optional.empty();
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < b.cells().size(); k++) {
                cells.add("(" + total.cells().get(k) + ")" + signs.get(i - 1) + "(" + b.cells().get(k) + ")");
            }
            total = new Matrix(total.rows(), total.columns(), cells);
        }
        return Optional.of(total.latex());
    }

    private static Optional<Matrix> product(Matrix a, Matrix b) {
        if (a.columns() != b.rows() || (long) a.rows() * b.columns() > MAX_CELLS) return Optional.empty();
        List<String> cells = new ArrayList<>();
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < b.columns(); c++) {
                StringBuilder cell = new StringBuilder();
                for (int k = 0; k < a.columns(); k++) {
                    cell.append(k > 0 ? "+" : "").append('(').append(a.cell(r, k)).append(")*(").append(b.cell(k, c)).append(')');
                }
                cells.add(cell.toString());
            }
        }
        return Optional.of(new Matrix(a.rows(), b.columns(), cells));
    }

    /** One literal through {@link Shape}: rectangular, at most {@link #MAX_CELLS} cells. */
    private static Optional<Matrix> literal(String s, Deadline d) {
        Shape shape = Shape.of(s, d);
        if (shape.kind() != Shape.Kind.MATRIX || shape.parts().size() > MAX_CELLS) return Optional.empty();
        String size = shape.open().substring("matrix ".length());
        int columns = Integer.parseInt(size.substring(0, size.indexOf('x')));
        if (columns <= 0 || shape.parts().size() % columns != 0) return Optional.empty();
        return Optional.of(new Matrix(shape.parts().size() / columns, columns, shape.parts()));
    }

    private static int skip(String s, int at) {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        return at;
    }
}
