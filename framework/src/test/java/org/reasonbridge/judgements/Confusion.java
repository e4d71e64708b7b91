package org.reasonbridge.judgements;

import java.util.List;
import java.util.Locale;

/** A confusion matrix over a fixed list of labels, with per-class precision, recall and F1, printed as Markdown. */
final class Confusion {
    private final List<String> labels;
    private final int[][] counts; // [gold][predicted]

    Confusion(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.counts = new int[labels.size()][labels.size()];
    }

    void add(String gold, String predicted) {
        counts[index(gold)][index(predicted)]++;
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) throw new IllegalArgumentException("unknown label '" + label + "', expected one of " + labels);
        return i;
    }

    int total() {
        int n = 0;
        for (int[] row : counts) for (int c : row) n += c;
        return n;
    }

    int support(String label) {
        int n = 0;
        for (int c : counts[index(label)]) n += c;
        return n;
    }

    /** Of the items predicted {@code label}, the share that are {@code label}; 0 when nothing was predicted so. */
    double precision(String label) {
        int j = index(label), predicted = 0;
        for (int[] row : counts) predicted += row[j];
        return predicted == 0 ? 0 : (double) counts[j][j] / predicted;
    }

    /** Of the items that are {@code label}, the share predicted so; 0 when there are none. */
    double recall(String label) {
        int i = index(label), gold = support(label);
        return gold == 0 ? 0 : (double) counts[i][i] / gold;
    }

    double f1(String label) {
        double p = precision(label), r = recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    double macroF1() {
        double sum = 0;
        for (String l : labels) sum += f1(l);
        return sum / labels.size();
    }

    double accuracy() {
        int right = 0;
        for (int i = 0; i < labels.size(); i++) right += counts[i][i];
        return total() == 0 ? 0 : (double) right / total();
    }

    /** Precision, recall, F1 and support per class, then macro-F1 and accuracy. */
    String scores(String title) {
        StringBuilder sb = new StringBuilder("| " + title + " | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %d |%n", l, precision(l), recall(l), f1(l), support(l)));
        }
        sb.append(String.format(Locale.ROOT, "| **macro-F1 %.2f** | | | accuracy %.2f | %d |%n", macroF1(), accuracy(), total()));
        return sb.toString();
    }

    /** The exact scores, for pinning floors: {@code label P R} per class, then macro-F1. */
    String exact() {
        StringBuilder sb = new StringBuilder();
        for (String l : labels) sb.append(String.format(Locale.ROOT, "%s %.4f %.4f; ", l, precision(l), recall(l)));
        return sb.append(String.format(Locale.ROOT, "macro-F1 %.4f", macroF1())).toString();
    }

    /** Rows: the label; columns: the prediction. */
    String matrix(String title) {
        StringBuilder sb = new StringBuilder("| " + title + " (gold ↓, predicted →) |");
        for (String l : labels) sb.append(' ').append(l).append(" |");
        sb.append("\n|---|").append("---|".repeat(labels.size())).append('\n');
        for (int i = 0; i < labels.size(); i++) {
            sb.append("| ").append(labels.get(i)).append(" |");
            for (int j = 0; j < labels.size(); j++) sb.append(' ').append(counts[i][j]).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }
}
