package org.reasonbridge.levels;

import static org.reasonbridge.model.levels.ReasoningLevel.OPERATIONAL;
import static org.reasonbridge.model.levels.ReasoningLevel.STRATEGIC;
import static org.reasonbridge.model.levels.ReasoningLevel.TACTICAL;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Segments an untagged trace by rules: the trace is cut into units (lines, and sentences within a line; math and
 * code blocks stay whole) and each unit gets the level of the first rule in {@link #rules()} that matches it.
 * A unit no rule matches keeps the previous unit's level ({@link LevelSpan#CARRIED}), or gets
 * {@link #defaultLevel()} when it is the first ({@link LevelSpan#DEFAULT}). Rules are data: start from
 * {@link #defaults()}, reorder, drop or add, and pass the list to {@link #of(List)}.
 *
 * @param rules        tried in order, first match wins; names unique
 * @param defaultLevel the level of a leading unit no rule matches; OPERATIONAL in {@link #standard()}, since
 *                     most of a trace is execution
 * @param carry        whether a unit no rule matches keeps the previous unit's level (true in {@link #standard()}:
 *                     a sentence without cues usually continues the step before it) or gets the default level
 */
public record RuleSegmenter(List<LevelRule> rules, ReasoningLevel defaultLevel, boolean carry) implements Segmenter {

    public RuleSegmenter {
        rules = List.copyOf(rules);
        if (defaultLevel == null) throw new IllegalArgumentException("defaultLevel must not be null");
        Set<String> names = new HashSet<>();
        for (LevelRule rule : rules) {
            if (!names.add(rule.name())) throw new IllegalArgumentException("duplicate rule name " + rule.name());
        }
    }

    /** The default rules with default level OPERATIONAL and carry on. */
    public static RuleSegmenter standard() {
        return of(defaults());
    }

    /** {@code rules} with default level OPERATIONAL and carry on. */
    public static RuleSegmenter of(List<LevelRule> rules) {
        return new RuleSegmenter(rules, OPERATIONAL, true);
    }

    @Override
    public SegmentedTrace segment(String text) {
        int[] units = TextUnits.split(text);
        List<LevelSpan> spans = new ArrayList<>(units.length / 2);
        ReasoningLevel previous = null;
        for (int u = 0; u < units.length; u += 2) {
            int start = units[u];
            int end = units[u + 1];
            // tile: the whitespace up to the next unit (or the end) belongs to this one
            int tileEnd = u + 2 < units.length ? units[u + 2] : text.length();
            Optional<LevelRule> rule = classify(text.substring(start, end));
            LevelSpan span;
            if (rule.isPresent()) {
                span = new LevelSpan(rule.get().level(), start, tileEnd, rule.get().name());
            } else if (carry && previous != null) {
                span = new LevelSpan(previous, start, tileEnd, LevelSpan.CARRIED);
            } else {
                span = new LevelSpan(defaultLevel, start, tileEnd, LevelSpan.DEFAULT);
            }
            spans.add(span);
            previous = span.level();
        }
        return new SegmentedTrace(text, spans);
    }

    /** The first rule that matches {@code unit}, if any. */
    public Optional<LevelRule> classify(CharSequence unit) {
        for (LevelRule rule : rules) {
            if (rule.matches(unit)) return Optional.of(rule);
        }
        return Optional.empty();
    }

    /**
     * The default rules, in priority order: strategic cues, then strong tactical cues (naming, assuming, cases,
     * theorems), then operational verbs (compute, check, "so we get"), then weak tactical nouns (equation,
     * constraint), then operational symbols (arithmetic, {@code =}, LaTeX operators). The verbs come before the
     * nouns so "Simplifying the equation gives ..." is operational while "The equation is ..." is tactical.
     */
    public static List<LevelRule> defaults() {
        return List.of(
                // ---- strategic: understanding the problem, choosing and changing the approach
                LevelRule.regex("strategic.understand", STRATEGIC,
                        "\\blet(?:'s|’s| us| me)\\s+(?:first\\s+)?(?:try\\s+to\\s+)?(?:understand|think(?:\\s+about)?|figure\\s+out|analy[sz]e|break\\b|start\\s+by\\s+understanding)",
                        "Let's (first) understand / think about / figure out / analyse"),
                LevelRule.regex("strategic.plan", STRATEGIC,
                        "\\b(?:approach|plan|strategy|idea|goal)\\s+(?:is|will\\s+be|would\\s+be|here\\s+is)\\b|\\bhere(?:'s|’s|\\s+is)\\s+(?:the|my|a|our)\\s+(?:plan|approach|strategy|idea)\\b|^\\W*plan\\s*:",
                        "(The/My) approach / plan / strategy / idea is ..."),
                LevelRule.regex("strategic.goal", STRATEGIC,
                        "\\b(?:we|i)\\s+(?:need|want|have|are\\s+asked|am\\s+asked|must)\\s+to\\s+(?:find|determine|show|prove|count|figure)\\b|\\bthe\\s+(?:problem|question)\\s+(?:asks|wants|is\\s+asking|says|states|gives)\\b",
                        "We / I need to find; the problem asks"),
                LevelRule.regex("strategic.to-solve", STRATEGIC,
                        "\\bto\\s+(?:solve|tackle|approach|answer)\\s+(?:this|the\\s+(?:problem|question))\\b",
                        "To solve this (problem)"),
                LevelRule.regex("strategic.first-then", STRATEGIC,
                        "^\\W*first(?:ly)?\\b.*?\\bthen\\b",
                        "First, ... then ...: an ordered plan"),
                LevelRule.regex("strategic.alternative", STRATEGIC,
                        "^\\W*alternatively\\b|\\b(?:another|a\\s+different|a\\s+better|an\\s+easier|a\\s+simpler)\\s+(?:approach|way|method|idea|strategy)\\b",
                        "Alternatively / a different approach"),
                LevelRule.regex("strategic.reconsider", STRATEGIC,
                        "\\blet\\s+me\\s+(?:re-?consider|re-?think|step\\s+back|think\\s+(?:again|differently|more\\s+carefully)|start\\s+over|re-?read)\\b|\\b(?:key|main|crucial)\\s+(?:insight|observation|idea)\\b",
                        "Let me reconsider / rethink / step back; the key insight"),
                // ---- tactical, strong cues: naming, assuming, splitting into cases, choosing a tool
                LevelRule.regex("tactical.let-be", TACTICAL,
                        "\\blet\\s+(?:\\$[^$]{1,60}\\$|\\\\\\(.{1,60}?\\\\\\)|[A-Za-z](?:_\\{?\\w+\\}?)?(?:\\s*,\\s*[A-Za-z](?:_\\{?\\w+\\}?)?)*|the\\s+\\w+(?:\\s+\\w+)?)\\s+(?:be|denote|equal|represent)\\b",
                        "Let x be / let $x$ denote / let the number be"),
                LevelRule.regex("tactical.define", TACTICAL,
                        "\\b(?:define|defining|denote|denoting|we\\s+call|call\\s+(?:it|this|them))\\b",
                        "Define / denote"),
                LevelRule.regex("tactical.set-up", TACTICAL,
                        "\\bset(?:ting)?\\s+up\\b|\\bset\\s+[A-Za-z]\\s*=",
                        "Set up (an equation, a table, a coordinate system)"),
                LevelRule.regex("tactical.assume", TACTICAL,
                        "^\\W*(?:suppose|assume|assuming|consider|if\\s+we\\s+(?:assume|suppose|consider))\\b|\\bwithout\\s+loss\\s+of\\s+generality\\b|\\bw\\.?l\\.?o\\.?g\\b",
                        "Suppose / assume / consider / WLOG"),
                LevelRule.regex("tactical.look-at", TACTICAL,
                        "\\b(?:look(?:ing)?\\s+at|consider(?:ing)?|focus(?:ing)?\\s+on|work(?:ing)?\\s+(?:mod|modulo)|reduce\\s+(?:mod|modulo))\\b",
                        "Look at / consider / focus on / work modulo: choosing what to examine"),
                LevelRule.regex("tactical.case", TACTICAL,
                        "\\bcase\\s*(?:\\d|[ivx]+\\b|[a-z]\\b)|\\bsub-?cases?\\b|\\b(?:two|three|four|several)\\s+cases\\b",
                        "Case 1 / sub-case / two cases"),
                LevelRule.regex("tactical.tool", TACTICAL,
                        "\\b(?:by|using|from|applying|apply|use)\\s+(?:the\\s+)?(?:[\\w-]+(?:'s|’s)?\\s+){0,2}(?:theorem|formula|formulas|lemma|identity|inequality|rule|principle|law|property)\\b",
                        "By / using the ... theorem, formula, lemma, identity"),
                LevelRule.regex("tactical.we-write", TACTICAL,
                        "\\bwe\\s+(?:can\\s+|could\\s+|will\\s+|should\\s+)?(?:write|express|use|apply|rewrite|model|represent|introduce)\\b|\\blet(?:'s|’s| us| me)\\s+(?:use|apply|write|express|rewrite|introduce|model)\\b",
                        "We (can) write / express / use"),
                LevelRule.regex("tactical.substitute", TACTICAL, "\\bsubstitut|\\bplug(?:ging)?\\s+(?:this|these|it|that)\\s+into\\b",
                        "Substitute ... into"),
                LevelRule.regex("tactical.algorithm", TACTICAL,
                        "\\b(?:algorithm|dynamic\\s+programming|recursion|recurrence|induction|binary\\s+search|brute[-\\s]force|greedy|pigeonhole|invariant|complementary\\s+counting|casework)\\b",
                        "Choice of algorithm or proof technique"),
                // ---- operational verbs: carrying out and checking
                LevelRule.regex("operational.compute", OPERATIONAL,
                        "\\b(?:comput|calculat|evaluat|simplif|expand|multiply|multiplying|divid|subtract|plug(?:ging)?\\s+in|factor(?:ing|ise|ize|s)?\\b|solv(?:e|ing)\\s+for|add(?:ing|s)?\\b|sum(?:ming)?\\s+(?:up|these|them))",
                        "Compute / calculate / simplify / expand / solve for"),
                LevelRule.regex("operational.check", OPERATIONAL,
                        "\\b(?:check|checking|verify|verifying|double-check|confirm|sanity)\\b",
                        "Check / verify / confirm"),
                LevelRule.regex("operational.result", OPERATIONAL,
                        "\\b(?:so|thus|hence|therefore|then)\\s*,?\\s+(?:we\\s+(?:get|have|obtain|find)|[A-Za-z](?:_\\w+)?\\s*(?:=|\\\\(?:le|ge|neq)|[<>≤≥]))|\\b(?:gives|yields|equals)\\b",
                        "So we get / therefore x = / gives / equals"),
                // ---- tactical nouns: after the verbs, so "simplify the equation" stays operational
                LevelRule.regex("tactical.equation", TACTICAL,
                        "\\b(?:equations?|system\\s+of|inequalit(?:y|ies)|constraints?|conditions?\\s+(?:is|are)|relation(?:ship)?\\s+between)\\b",
                        "Equation / system / inequality / constraint"),
                // ---- operational symbols: any remaining arithmetic
                LevelRule.regex("operational.arithmetic", OPERATIONAL,
                        "\\d\\s*[-+*/×÷·^]\\s*\\(?\\d|[\\d)]\\s*[=≈]|[=≈]\\s*-?\\(?\\d",
                        "Digits with an operator or an equals sign"),
                LevelRule.regex("operational.latex", OPERATIONAL,
                        "\\\\(?:frac|dfrac|tfrac|sqrt|cdot|times|div|pm|binom|equiv|approx)\\b|\\^\\{?\\d",
                        "LaTeX operators: \\frac, \\sqrt, \\cdot, powers"),
                LevelRule.regex("operational.equals", OPERATIONAL, "=|≡|≈", "Any remaining equals sign"));
    }
}
