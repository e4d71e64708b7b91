package org.reasonbridge.demo;

import org.reasonbridge.curation.filter.Domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The domains of the mini world, each with its generator and the subject code the keyword classifier gives its
 * problems. {@link #GEOMETRY} is held out: it is never in the pool, only in test sets, to measure generalisation.
 */
public enum MiniDomain {
    /** Money word problems: a start amount, then events (earn, spend, buy, sell, halve). MSC 97 (elementary). */
    ARITHMETIC("arithmetic", "97", false, new MoneyProblems()),
    /** Linear equations in x with an integer root. MSC 12. */
    LINEAR("linear", "12", false, new LinearEquations()),
    /** Remainders of sums, products and powers. MSC 11 (number theory). */
    MODULAR("modular", "11", false, new Remainders()),
    /** Products, arrangements and combinations of things. MSC 05 (combinatorics). */
    COUNTING("counting", "05", false, new Counting()),
    /** Terms and sums of arithmetic and geometric sequences. MSC 40. */
    SEQUENCES("sequences", "40", false, new Sequences()),
    /** Knights and knaves: which one is the knave. PUZ. */
    LOGIC("logic", "PUZ", false, new KnightsAndKnaves()),
    /** Digit programs: a digit, then adds and multiplications keeping the last digit. CS (programs). */
    PROGRAMS("programs", "CS", false, new DigitPrograms()),
    /** Areas and perimeters of rectangles; held out of the pool. MSC 51 (geometry). */
    GEOMETRY("geometry", "51", true, new Rectangles());

    private final String id;
    private final String code;
    private final boolean heldOut;
    private final Generator generator;

    MiniDomain(String id, String code, boolean heldOut, Generator generator) {
        this.id = id;
        this.code = code;
        this.heldOut = heldOut;
        this.generator = generator;
    }

    /** The lower-case name used in file names and ids ({@code arithmetic}). */
    public String id() {
        return id;
    }

    /** The subject code ({@code 97}, {@code PUZ}) that {@link Domain} and the keyword rules use. */
    public String code() {
        return code;
    }

    public Domain domain() {
        return Domain.of(code).orElseThrow();
    }

    /** Whether the domain is kept out of the pool (test sets only). */
    public boolean heldOut() {
        return heldOut;
    }

    /** A new problem of this domain at {@code level} (1..5). */
    public Exercise generate(SplittableRandom random, int level) {
        Generator.checkLevel(level);
        return generator.generate(random, level);
    }

    /** The domains the pool draws from. */
    public static List<MiniDomain> trained() {
        return Arrays.stream(values()).filter(d -> !d.heldOut).toList();
    }

    /** The problem {@code text} states, in whichever domain's phrasing it is written; empty if in none. */
    public static Optional<Exercise> read(String text) {
        String squashed = Generator.squash(text);
        for (MiniDomain d : values()) {
            Optional<Exercise> e = d.generator.read(squashed);
            if (e.isPresent()) return e;
        }
        return Optional.empty();
    }

    /** The domain with id {@code id}. */
    public static MiniDomain of(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no domain '" + id + "'"));
    }
}
