package org.reasonbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rectangles, the held-out domain: "Ann draws a rectangle 7 by 4, then cuts from it a 2 by 2 square. What area is
 * left?". Level 1: an area (one operation); 2: a perimeter (two); 3: one square cut out (three); 4: a rectangle and a
 * square cut out (five); 5: the same, with the height found from the perimeter first (seven).
 */
final class Rectangles implements Generator {
    enum Ask { AREA, PERIMETER, LEFT }

    /**
     * A {@code width} by {@code height} rectangle (given by its perimeter when {@code byPerimeter}), with an optional
     * {@code cutWidth} by {@code cutHeight} rectangle and an optional {@code square} by {@code square} square cut out.
     */
    record Rectangle(int level, String name, int width, int height, boolean byPerimeter, int cutWidth, int cutHeight,
                     int square, Ask ask) implements Exercise {
        @Override
        public MiniDomain domain() {
            return MiniDomain.GEOMETRY;
        }

        int perimeter() {
            return 2 * (width + height);
        }

        @Override
        public String text() {
            String shape = byPerimeter ? "a rectangle with perimeter " + perimeter() + " and width " + width
                    : "a rectangle " + width + " by " + height;
            return switch (ask) {
                case AREA -> name + " draws " + shape + ". What is its area?";
                case PERIMETER -> name + " draws " + shape + ". What is its perimeter?";
                case LEFT -> name + " draws " + shape + ", then cuts from it "
                        + (cutWidth > 0 ? "a " + cutWidth + " by " + cutHeight + " rectangle and " : "")
                        + "a " + square + " by " + square + " square. What area is left?";
            };
        }

        /** By counting the unit squares that remain (the tests count them on a grid too). */
        @Override
        public String answer() {
            return Integer.toString(switch (ask) {
                case AREA -> width * height;
                case PERIMETER -> perimeter();
                case LEFT -> width * height - cutWidth * cutHeight - square * square;
            });
        }

        @Override
        public Solution solution() {
            List<Solution.Step> steps = new ArrayList<>();
            int w = width, h = height;
            if (byPerimeter) {
                int half = perimeter() / 2;
                steps.add(new Solution.Step("Half the perimeter is the width plus the height.",
                        perimeter() + " / 2 = " + half + ".", half + " - " + w + " = " + h + "."));
            }
            if (ask == Ask.PERIMETER) {
                int half = w + h;
                steps.add(new Solution.Step("Half the perimeter is " + w + " + " + h + ".", w + " + " + h + " = " + half + "."));
                steps.add(new Solution.Step("Double it.", half + " * 2 = " + 2 * half + "."));
                return new Solution(name + " needs the perimeter of a " + w + " by " + h + " rectangle. Plan: add two sides, then double.",
                        steps, 2 * half + " / 2 = " + half + ".", answer());
            }
            int area = w * h;
            steps.add(new Solution.Step("The area is width times height.", w + " * " + h + " = " + area + "."));
            if (ask == Ask.AREA) {
                return new Solution(name + " needs the area of a " + w + " by " + h + " rectangle. Plan: multiply the two sides.",
                        steps, area + " / " + h + " = " + w + ".", answer());
            }
            int left = area;
            List<Integer> cuts = new ArrayList<>();
            if (cutWidth > 0) {
                int cut = cutWidth * cutHeight;
                steps.add(new Solution.Step("The cut rectangle has area " + cutWidth + " * " + cutHeight + ".",
                        cutWidth + " * " + cutHeight + " = " + cut + "."));
                cuts.add(cut);
            }
            int sq = square * square;
            steps.add(new Solution.Step("The cut square has area " + square + " * " + square + ".", square + " * " + square + " = " + sq + "."));
            cuts.add(sq);
            List<String> work = new ArrayList<>();
            for (int cut : cuts) {
                work.add(left + " - " + cut + " = " + (left - cut) + ".");
                left -= cut;
            }
            steps.add(new Solution.Step("Subtract the cut areas from the whole.", work));
            StringBuilder check = new StringBuilder(Integer.toString(left));
            for (int cut : cuts) check.append(" + ").append(cut);
            String plan = name + " needs the area left after the cuts. Plan: "
                    + (byPerimeter ? "find the height from the perimeter, " : "") + "find the whole area, then subtract each cut.";
            return new Solution(plan, steps, check + " = " + area + ".", answer());
        }

        /** The width misread one larger. */
        @Override
        public Optional<Exercise> misread() {
            return Optional.of(new Rectangle(level, name, width + 1, height, byPerimeter, cutWidth, cutHeight, square, ask));
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        String name = Vocabulary.name(r);
        int w = Vocabulary.between(r, level <= 2 ? 2 : 6, 15), h = Vocabulary.between(r, level <= 2 ? 2 : 5, 15);
        return switch (level) {
            case 1 -> new Rectangle(1, name, w, h, false, 0, 0, 0, Ask.AREA);
            case 2 -> new Rectangle(2, name, w, h, false, 0, 0, 0, Ask.PERIMETER);
            case 3 -> new Rectangle(3, name, w, h, false, 0, 0, Vocabulary.between(r, 1, Math.min(w, h) - 1), Ask.LEFT);
            default -> {
                // the cut rectangle in one corner, the square in the opposite one: they never overlap
                int cw = Vocabulary.between(r, 1, w / 2), ch = Vocabulary.between(r, 1, h - 1);
                int sq = Vocabulary.between(r, 1, Math.min(w - cw, h) - 1);
                yield new Rectangle(level, name, w, h, level == 5, cw, ch, sq, Ask.LEFT);
            }
        };
    }

    // ---- reading

    private static final String N = "(\\d+)";
    private static final Pattern SHAPE = Pattern.compile(Vocabulary.NAME + " draws a rectangle (?:" + N + " by " + N
            + "|with perimeter " + N + " and width " + N + ")(?:\\. What is its (area|perimeter)\\?|, then cuts from it "
            + "(?:a " + N + " by " + N + " rectangle and )?a " + N + " by " + N + " square\\. What area is left\\?)");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.find()) return Optional.empty();
        boolean byPerimeter = m.group(4) != null;
        int w = Integer.parseInt(byPerimeter ? m.group(5) : m.group(2));
        int h = byPerimeter ? Integer.parseInt(m.group(4)) / 2 - w : Integer.parseInt(m.group(3));
        if (byPerimeter && Integer.parseInt(m.group(4)) % 2 != 0 || w < 1 || h < 1) return Optional.empty();
        if (m.group(6) != null) {
            Ask ask = m.group(6).equals("area") ? Ask.AREA : Ask.PERIMETER;
            return Optional.of(new Rectangle(ask == Ask.AREA ? 1 : 2, m.group(1), w, h, byPerimeter, 0, 0, 0, ask));
        }
        if (!m.group(9).equals(m.group(10))) return Optional.empty();
        int cw = m.group(7) == null ? 0 : Integer.parseInt(m.group(7)), ch = m.group(8) == null ? 0 : Integer.parseInt(m.group(8));
        int sq = Integer.parseInt(m.group(9));
        if (cw * ch + sq * sq >= w * h) return Optional.empty();
        int level = byPerimeter ? 5 : cw > 0 ? 4 : 3;
        return Optional.of(new Rectangle(level, m.group(1), w, h, byPerimeter, cw, ch, sq, Ask.LEFT));
    }
}
