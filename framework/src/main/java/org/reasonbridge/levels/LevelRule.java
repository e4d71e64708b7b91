package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A named, visible rule of the {@link RuleSegmenter}: a unit (sentence or line) it matches gets {@code level}, and
 * the span records {@code name} as its source, so a notebook can show why each span has its level.
 *
 * @param name        short unique id, e.g. {@code strategic.plan}; the span's {@link LevelSpan#source()}
 * @param level       the level a matching unit gets
 * @param test        whether the rule matches a unit; {@link #regex} makes one from a pattern
 * @param description one line for people: what the rule is looking for
 */
public record LevelRule(String name, ReasoningLevel level, Predicate<CharSequence> test, String description) {

    public LevelRule {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("rule name must not be blank");
        if (level == null) throw new IllegalArgumentException("rule " + name + ": level must not be null");
        if (test == null) throw new IllegalArgumentException("rule " + name + ": test must not be null");
        description = description == null ? "" : description;
    }

    /** A rule that matches when {@code regex} is found anywhere in the unit, ignoring case ({@code ^} = unit start). */
    public static LevelRule regex(String name, ReasoningLevel level, String regex, String description) {
        return new LevelRule(name, level, new Found(Pattern.compile(regex, Pattern.CASE_INSENSITIVE)), description);
    }

    /** Whether this rule fires on {@code unit}. */
    public boolean matches(CharSequence unit) {
        return test.test(unit);
    }

    /** The pattern of a {@link #regex} rule; empty for a rule with a custom test. */
    public Optional<Pattern> pattern() {
        return test instanceof Found found ? Optional.of(found.pattern) : Optional.empty();
    }

    @Override
    public String toString() {
        return name + " -> " + level + ": " + description + pattern().map(p -> " /" + p.pattern() + "/").orElse("");
    }

    /** A regex test that can still show its pattern. */
    private record Found(Pattern pattern) implements Predicate<CharSequence> {
        @Override
        public boolean test(CharSequence unit) {
            return pattern.matcher(unit).find();
        }

        @Override
        public String toString() {
            return pattern.pattern();
        }
    }
}
