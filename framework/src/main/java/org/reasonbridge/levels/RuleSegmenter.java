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
 * A few levels come from the neighbours rather than from the unit itself: an equation right after a definition
 * ("Let p be the price." "5p + 3 = 18.") writes the condition down ({@link #FIRST_EQUATION_SOURCE}, tactical). A
 * unit no rule matches is a filler ("Okay.", "Hmm, let me see.") that takes the level of the next unit a rule
 * decides ({@link #FILLER_SOURCE}), or of the unit before when none follows; otherwise it is the next step down from the unit before it: after a strategic
 * unit it sets up the plan's first step ({@link #AFTER_PLAN_SOURCE}, tactical), after a tactical one it executes
 * the set-up ({@link #AFTER_SETUP_SOURCE}, operational), after an operational one it continues it
 * ({@link LevelSpan#CARRIED}); the first unit gets {@link #defaultLevel()} ({@link LevelSpan#DEFAULT}). Rules are
 * data: start from {@link #defaults()}, reorder, drop or add, and pass the list to {@link #of(List)}. How well the
 * default rules agree with hand-labelled units is measured by the test {@code LevelJudgementsTest}.
 *
 * @param rules        tried in order, first match wins; names unique
 * @param defaultLevel the level of a leading unit no rule matches; STRATEGIC in {@link #standard()}, since a
 *                     trace opens by reading back the problem
 * @param carry        whether a unit no rule matches takes its level from its neighbours as described above
 *                     (true in {@link #standard()}) or gets the default level; the first-equation rule also needs it
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

    /** The source of a filler unit ("Okay.", "Hmm, let me see.") that took the level of the unit it introduces. */
    public static final String FILLER_SOURCE = "FILLER";
    /** The source of a unit without cues right after a strategic one: a plan is followed by the set-up of its first step. */
    public static final String AFTER_PLAN_SOURCE = "AFTER-PLAN";
    /** The source of a unit without cues right after a tactical one: a set-up is followed by its execution. */
    public static final String AFTER_SETUP_SOURCE = "AFTER-SETUP";
    /** The source of an equation right after a definition ("Let p be the price." "5p + 3 = 18."): the condition written in the new variable. */
    public static final String FIRST_EQUATION_SOURCE = "FIRST-EQUATION";
    /** The rules that read only symbols, which a first equation after a definition overrides. */
    private static final Set<String> SYMBOL_RULES = Set.of("operational.arithmetic", "operational.equals", "operational.latex");
    /** "Let x be ...", "let the price be p": a variable introduced. */
    private static final java.util.regex.Pattern DEFINITION = java.util.regex.Pattern.compile(
            "\\blet\\s+(?!me\\b|us\\b|'s\\b)[^.=]{1,60}?\\s+(?:be|denote|represent)\\s+(?![-−]?\\d)", java.util.regex.Pattern.CASE_INSENSITIVE);
    /** A unit that reads off a result ("So x + 1 = 3."), which no definition turns into a set-up. */
    private static final java.util.regex.Pattern RESULT = java.util.regex.Pattern.compile(
            "^\\W*(?:so|thus|hence|therefore)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);
    /** A unit with no content of its own. */
    private static final java.util.regex.Pattern FILLER = java.util.regex.Pattern.compile("^\\W*(?:(?:okay|ok|alright|all\\s+right"
            + "|hmm+|wait|right|so|well|good|great|yes|no|now|then|next|oh|ah|nice|oops|let(?:'s|’s|\\s+me|\\s+us)\\s+(?:see|think)"
            + "|let\\s+me\\s+work\\s+through\\s+this(?:\\s+carefully)?|let['’]s\\s+go)\\b\\W*){1,4}$",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The default rules with default level STRATEGIC (a trace opens by reading the problem) and carry on. */
    public static RuleSegmenter standard() {
        return of(defaults());
    }

    /** {@code rules} with default level STRATEGIC and carry on. */
    public static RuleSegmenter of(List<LevelRule> rules) {
        return new RuleSegmenter(rules, STRATEGIC, true);
    }

    @Override
    public SegmentedTrace segment(String text) {
        int[] units = TextUnits.split(text);
        int n = units.length / 2;
        LevelRule[] rules = new LevelRule[n];
        boolean[] filler = new boolean[n];
        for (int u = 0; u < n; u++) {
            String unit = text.substring(units[2 * u], units[2 * u + 1]);
            rules[u] = classify(unit).orElse(null);
            filler[u] = rules[u] == null && FILLER.matcher(unit).matches();
        }
        // a filler introduces what follows it: it takes the level of the next unit a rule decides, if one comes
        ReasoningLevel[] next = new ReasoningLevel[n];
        for (int u = n - 1; u >= 0; u--) {
            next[u] = rules[u] != null ? rules[u].level() : filler[u] && u + 1 < n ? next[u + 1] : null;
        }
        List<LevelSpan> spans = new ArrayList<>(n);
        ReasoningLevel previous = null;
        for (int u = 0; u < n; u++) {
            int start = units[2 * u];
            // tile: the whitespace up to the next unit (or the end) belongs to this one
            int tileEnd = u + 1 < n ? units[2 * u + 2] : text.length();
            LevelSpan span;
            if ((rules[u] == null || SYMBOL_RULES.contains(rules[u].name())) && u > 0 && carry
                    && DEFINITION.matcher(text.substring(units[2 * u - 2], units[2 * u - 1])).find()
                    && EQUATION.matcher(text.substring(start, units[2 * u + 1])).find()
                    && !RESULT.matcher(text.substring(start, units[2 * u + 1])).find()) {
                span = new LevelSpan(TACTICAL, start, tileEnd, FIRST_EQUATION_SOURCE);
            } else if (rules[u] != null) {
                span = new LevelSpan(rules[u].level(), start, tileEnd, rules[u].name());
            } else if (carry && filler[u] && next[u] != null) {
                span = new LevelSpan(next[u], start, tileEnd, FILLER_SOURCE);
            } else if (carry && previous == STRATEGIC && !filler[u]) {
                span = new LevelSpan(TACTICAL, start, tileEnd, AFTER_PLAN_SOURCE);
            } else if (carry && previous == TACTICAL && !filler[u]) {
                span = new LevelSpan(OPERATIONAL, start, tileEnd, AFTER_SETUP_SOURCE);
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
    /** A one-letter variable in a formula: glued after a digit or '(' ({@code 3n}, {@code (r}), or before an operator ({@code A =}). */
    private static final String MATH_VAR = "(?:(?<=[\\d(])[a-zA-Z](?![A-Za-z])|(?<![A-Za-z])[a-zA-Z](?![A-Za-z])\\s*[-+*/=<>^²³·×)−])";
    /** An equation in a variable: a letter beside a digit, bracket or operator, and an equals sign. */
    private static final java.util.regex.Pattern EQUATION = java.util.regex.Pattern.compile(MATH_VAR + "[^=]*=|=[^=]*" + MATH_VAR);

    /** {@code \b(?:a|b|...)}: one word boundary before many alternatives matches several times faster than one each. */
    private static String words(String... alternatives) {
        return "\\b(?:" + String.join("|", alternatives) + ")";
    }

    public static List<LevelRule> defaults() {
        return List.of(
                // ---- a heading that names a sub-problem's set-up, before the strategic words it may contain ("Key idea")
                LevelRule.regex("tactical.heading", TACTICAL,
                        "^\\W*(?:\\d+\\.\\s*)?\\W*(?:step\\s+\\d+|identify(?:ing)?\\s+(?:the\\s+)?(?:key|given|variables)|key\\s+(?:idea|information|facts?)|choose\\s+a\\s+(?:method|formula)|recall\\s+the\\s+\\w+|set(?:ting)?\\s*up|formulas?|relationships?|conversion\\s+factors?)\\b[^:\\n]{0,30}:",
                        "Step 2: ... / Identify key information: / Key idea: / Set up: headings"),
                // ---- strategic: understanding the problem, choosing and changing the approach
                LevelRule.regex("strategic.understand", STRATEGIC,
                        "\\blet(?:'s|’s| us| me)\\s+(?:first\\s+)?(?:try\\s+to\\s+)?(?:understand|think(?:\\s+about)?|figure\\s+out|analy[sz]e|break\\b|start\\s+by\\s+understanding)",
                        "Let's (first) understand / think about / figure out / analyse"),
                LevelRule.regex("strategic.plan", STRATEGIC,
                        "\\b(?:approach|plan|strategy|idea|goal)\\s+(?:is|will\\s+be|would\\s+be|here\\s+is)\\b|\\bhere(?:'s|’s|\\s+is)\\s+(?:the|my|a|our)\\s+(?:plan|approach|strategy|idea)\\b|^\\W*(?:plan|approach|strategy|method)\\W*:|^\\W*cross-?check\\b"
                                + "|^\\W*solve\\b.*\\bby\\s+(?:factoring|substitution|elimination|completing|induction|contradiction|cases)\\b",
                        "(The/My) approach / plan / strategy / idea is ..."),
                LevelRule.regex("strategic.goal", STRATEGIC,
                        words("(?:we|i)\\s+(?:need|want|have|are\\s+asked|am\\s+asked|must)\\s+to\\s+(?:find|determine|show|prove|count|figure)\\b",
                                "the\\s+(?:problem|question)\\s+(?:asks|wants|is\\s+asking|says|states|gives)\\b",
                                "so\\s+(?:really\\s+)?(?:we|i)\\s+(?:need|want)\\b",
                                "the\\s+(?:user|task|goal)\\s+(?:wants|is|asks)\\b",
                                "(?:understand(?:ing)?|analy[sz]e|deconstruct(?:ing)?)\\s+(?:the\\s+)?(?:problem|goal|question|request|task)\\b",
                                "(?:problem\\s+)?restat(?:e|ed|ing|ement)\\b",
                                "the\\s+(?:question|problem|task|goal)\\s*(?::|is\\s+to\\b|is\\s+asking\\b|is\\s+(?:the|what|how|whether|which)\\b)",
                                "(?:we|i)\\s+(?:seek|are\\s+looking\\s+for|am\\s+looking\\s+for)\\b")
                                // sentence-initial cues
                                + "|^\\W*(?:(?:okay|ok|alright|all\\s+right|so|hmm|well|now)\\b\\W*)*(?:we|i)\\s+(?:need|want|are\\s+asked|am\\s+asked|have\\s+to|don['’]t\\s+need|do\\s+not\\s+need)\\b"
                                + "|^\\W*(?:the\\s+)?(?:goal|task|question|problem|objective)\\W*:"
                                + "|^\\W*(?:(?:okay|ok|alright|so|hmm|well|now)\\b\\W*)*(?:how\\s+many|how\\s+much|what\\s+(?:is|are)\\b|which\\b|find\\s+(?:the|all|how))\\b.*\\?\\W*$"
                                + "|^\\W*find\\s+(?:how\\s+(?:many|much|long|far)|all|the\\s+(?:number|value|smallest|largest|least|greatest|sum|area|probability))\\b"
                                + "|^\\W*let(?:'s|’s|\\s+us|\\s+me)\\s+(?:find|determine|figure\\s+out)\\s+(?:the|what|how|whether|all)\\b",
                        "We / I need to find; the problem asks; Goal: ...; a restated question"),
                LevelRule.regex("strategic.to-solve", STRATEGIC,
                        "\\bto\\s+(?:solve|tackle|approach|answer)\\s+(?:this|the\\s+(?:problem|question))\\b",
                        "To solve this (problem)"),
                LevelRule.regex("strategic.first-then", STRATEGIC,
                        "^\\W*first(?:ly)?\\b.*?\\bthen\\b",
                        "First, ... then ...: an ordered plan"),
                LevelRule.regex("strategic.alternative", STRATEGIC,
                        "^\\W*alternatively\\b|\\b(?:another|a\\s+different|a\\s+better|an\\s+easier|a\\s+simpler)\\s+(?:approach|way|method|idea|strategy)\\b",
                        "Alternatively / a different approach"),
                LevelRule.regex("strategic.method", STRATEGIC,
                        words("(?:just\\s+)?enumerat\\w*",
                                "(?:try|trying|check|test)\\s+small\\s+(?:cases|values|numbers|n|k)\\b",
                                "small\\s+cases\\b",
                                "look\\s+for\\s+a\\s+pattern\\b",
                                "guess\\s+(?:a|the)\\s+(?:formula|pattern|answer)\\b",
                                "guess\\s+and\\s+(?:check|adjust)\\b",
                                "just\\s+guess\\b",
                                "trial\\s+and\\s+error\\b",
                                "work\\s+backwards?\\b",
                                "go\\s+through\\s+(?:them|all|each|every|the\\s+(?:cases|values|possibilities))\\b",
                                "list\\s+(?:the|all)\\s+(?:candidates|possibilities|cases|options)\\b",
                                "let['’]s\\s+just\\s+(?:test|try|check|list)\\b",
                                "(?:count(?:ing)?\\s+the\\s+complement|complementary)\\b",
                                "(?:cross-?check|double-?check|confirm|verify|check)\\b.*\\b(?:approach|method|recursion|instead|another\\s+way|by\\s+\\w+ing)\\b")
                                // sentence-initial cues
                                + "|^\\W*for\\s+(?:each|every)\\b.*\\b(?:check|test|see|count|compute|find|whether)\\b",
                        "Enumerate / try small cases / look for a pattern / for each x check ...: a search as the method, or a second method as a check"),
                LevelRule.regex("strategic.approach", STRATEGIC,
                        words("(?:maybe|perhaps)\\s+(?:i|we)\\s+(?:should|could|can|need)\\b",
                                "(?:i|we)\\s+could\\s+(?:just\\s+)?(?:use|do|try|count|drop|multiply|go|compute|solve|look|split|apply|work|think)\\b",
                                "one\\s+(?:option|way|approach)\\b",
                                "(?:it(?:'s|’s|\\s+is|\\s+would\\s+be)|that(?:'s|’s|\\s+is|\\s+seems))\\s+(?:much\\s+)?(?:easier|simpler|quicker|faster|cleaner|better)\\b",
                                "seems\\s+(?:quicker|easier|simpler|faster)\\b",
                                "should\\s+be\\s+(?:the\\s+)?(?:simplest|easiest|quickest)\\b",
                                "is\\s+enough\\b",
                                "(?:at\\s+first|initial(?:ly)?)\\b.*\\b(?:thought|idea)\\b",
                                "initial\\s+(?:thought|idea)\\b",
                                "instead\\b",
                                "(?:doesn['’]t|does\\s+not)\\s+(?:lead|help|work|apply)\\b",
                                "(?:is|gets?|getting|looks)\\s+(?:\\w+\\s+)?(?:messy|tedious|complicated|ugly)\\b",
                                "(?:maybe|perhaps)\\s+(?:just\\s+)?(?:list|try|guess|enumerate|draw|start|begin)\\b",
                                "first\\s+(?:idea|thought|attempt|instinct)\\b",
                                "(?:take|takes)\\s+forever\\b",
                                "way\\s+too\\s+\\w+",
                                "reason\\s+it\\s+out\\b",
                                "as\\s+(?:small|large|few|many|short|long)\\s+(?:\\w+\\s+)?as\\s+possible\\b",
                                "better\\s+to\\b",
                                "shortcut\\b",
                                "mistake\\s+of\\b",
                                "i['’]ll\\s+(?:split|use|try|go|do|work|start|prove|count|break|solve)\\b",
                                "i\\s+should\\s+(?:prove|try|use|check|be\\s+careful)\\b",
                                "looks?\\s+like\\b",
                                "i['’]d\\s+guess\\b",
                                "conjecture\\b",
                                "the\\s+pattern\\b",
                                "is\\s+determined\\s+by\\b",
                                "(?:amounts|reduces|boils\\s+down)\\s+to\\b",
                                "this\\s+is\\s+(?:asking|about|really|just)\\b",
                                "that\\s+means\\s+(?:computing|finding|counting)\\b",
                                "this\\s+is\\s+(?:a|an)\\s+[\\w\\s-]{0,30}\\b(?:problem|question)\\b",
                                "that['’]s\\s+(?:all|it)\\b",
                                "settles\\s+it\\b",
                                "we['’]re\\s+done\\b")
                                // sentence-initial cues
                                + "|^\\W*(?:split|break|divide|decompose)\\s+(?:the|this|it)\\b.*\\binto\\b",
                        "Choosing or weighing an approach, a conjecture from examples, reframing the problem, dropping a route"),
                LevelRule.regex("strategic.reconsider", STRATEGIC,
                        "\\blet\\s+me\\s+(?:re-?consider|re-?think|step\\s+back|think\\s+(?:again|differently|more\\s+carefully)|start\\s+over|re-?read)\\b|\\b(?:key|main|crucial)\\s+(?:insight|observation|idea)\\b",
                        "Let me reconsider / rethink / step back; the key insight"),
                // ---- tactical, strong cues: naming, assuming, splitting into cases, choosing a tool
                LevelRule.regex("tactical.let-be", TACTICAL,
                        "\\blet\\s+(?:\\$[^$]{1,60}\\$|\\\\\\(.{1,60}?\\\\\\)|[A-Za-z](?:_\\{?\\w+\\}?|\\([^)]{1,10}\\))?(?:\\s*(?:,|and)\\s*[A-Za-z](?:_\\{?\\w+\\}?)?)*|the(?:\\s+[\\w'’-]+){1,6})\\s+(?:be|denote|equal|represent)\\b",
                        "Let x be / let $x$ denote / let the number be"),
                LevelRule.regex("tactical.define", TACTICAL,
                        "\\b(?:define|defining|denote|denoting|we\\s+call|call\\s+(?:it|this|them))\\b",
                        "Define / denote"),
                LevelRule.regex("tactical.set-up", TACTICAL,
                        "\\bset(?:ting)?\\s+up\\b|\\bset\\s+[A-Za-z]\\s*=",
                        "Set up (an equation, a table, a coordinate system)"),
                LevelRule.regex("tactical.imperative", TACTICAL,
                        "^\\W*(?:put|place|draw|drop|label|fix|treat|write|express|rewrite|use|take)\\b(?!\\s+(?:a\\s+)?(?:look|care|note))",
                        "Put / treat ... as / write ... as / use ...: a sub-problem set up by an imperative"),
                LevelRule.regex("tactical.check-plan", TACTICAL,
                        "\\b(?:make\\s+sure|to\\s+be\\s+(?:sure|safe)|separately|smaller\\s+(?:case|instance|bound)|edge\\s+cases?|boundary\\s+cases?)\\b",
                        "Make sure / check the smaller case / the boundary separately: which check to do"),
                LevelRule.regex("tactical.structure", TACTICAL,
                        "\\b(?:splits?|breaks?|decomposes?)\\s+(?:up\\s+)?into\\b|\\bthis\\s+is\\s+(?:a|an)\\s+(?:geometric|arithmetic|telescoping|quadratic|linear|binomial|recursive)\\b|\\buseful\\s+(?:observation|fact)\\b|^\\W*(?:note|notice|observe)\\s+that\\b",
                        "This is a geometric series / note that ...: the structure or fact a step rests on"),
                LevelRule.regex("tactical.model", TACTICAL,
                        "^\\W*(?!(?:check|verif|answer|so|then|thus|hence|final|result|solution|total|calculat|comput|solv|simplif|add|subtract|multiply|divid|move)\\w*\\W)(?-i:[A-Z])[\\w\\s%'’-]{0,30}:\\s*(?=[^:]*" + MATH_VAR + ")[^:]*="
                                + "|^\\W*(?:the|their|its|his|her)\\s+[\\w\\s'’-]{1,40}?\\s+(?:is|are|equals)\\s+(?=[-(⌊|√\\d]|[a-zA-Z](?![A-Za-z]))(?=[^.]*" + MATH_VAR + ")",
                        "'In 12 years: 3s + 12 = 2(s + 12)', 'Their sum is 3n + 3': a quantity of the problem written as a formula"),
                LevelRule.regex("tactical.assume", TACTICAL,
                        "^\\W*(?:suppose|assume|assuming|consider|if\\s+we\\s+(?:assume|suppose|consider))\\b|\\bwithout\\s+loss\\s+of\\s+generality\\b|\\bw\\.?l\\.?o\\.?g\\b",
                        "Suppose / assume / consider / WLOG"),
                LevelRule.regex("tactical.look-at", TACTICAL,
                        "\\b(?:look(?:ing)?\\s+at|consider(?:ing)?|focus(?:ing)?\\s+on|work(?:ing)?\\s+(?:mod|modulo)|reduce\\s+(?:mod|modulo))\\b",
                        "Look at / consider / focus on / work modulo: choosing what to examine"),
                LevelRule.regex("tactical.case", TACTICAL,
                        "(?<!base\\s)\\bcase(?:\\s*\\d|\\s+(?:[ivx]+|[a-z])\\b)|\\bsub-?cases?\\b|\\b(?:two|three|four|several)\\s+cases\\b",
                        "Case 1 / sub-case / two cases"),
                LevelRule.regex("tactical.tool", TACTICAL,
                        "\\b(?:by|using|from|applying|apply|use)\\s+(?:the\\s+)?(?:[\\w-]+(?:'s|’s)?\\s+){0,2}(?:theorem|formula|formulas|lemma|identity|inequality|rule|principle|law|property)\\b"
                                + "|^\\W*(?:by|using|applying)\\s+(?:(?-i:[A-Z])[\\w-]*(?:'s|’s)?|linearity|symmetry|definition)\\b",
                        "By / using the ... theorem, formula, lemma, identity"),
                LevelRule.regex("tactical.we-write", TACTICAL,
                        "\\bwe\\s+(?:can\\s+|could\\s+|will\\s+|should\\s+)?(?:write|express|use|apply|rewrite|model|represent|introduce)\\b|\\blet(?:'s|’s| us| me)\\s+(?:use|apply|write|express|rewrite|introduce|model)\\b",
                        "We (can) write / express / use"),
                LevelRule.regex("tactical.substitute", TACTICAL, "\\bsubstitut(?!\\w*\\s*[:,])|\\bplug(?:ging)?\\s+(?:this|these|it|that)\\s+into\\b",
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
                        "\\b(?:so|thus|hence|therefore|then)\\s*,?\\s+(?:we\\s+(?:get|have|obtain|find)|[A-Za-z](?:_\\w+)?\\s*(?:=|\\\\(?:le|ge|neq)|[<>≤≥]))|\\b(?:gives|give|yields|yield|equals)\\b",
                        "So we get / therefore x = / gives / equals"),
                LevelRule.regex("operational.answer", OPERATIONAL,
                        "^\\W*(?:the\\s+|final\\s+|so\\s+the\\s+)?answer\\b|^\\W*\\d+(?:\\s*,\\s*\\d+){2,}|\\b(?:that['’]s|that\\s+is|another)\\s+\\d"
                                + "|\\b\\d+\\s+(?:works|fails|is\\s+(?:a\\s+)?(?:solution|prime|square|too\\s+(?:big|small)))\\b|:\\s*[-−]?\\d+(?:\\.\\d+)?\\W*$",
                        "The answer ... / a list of numbers / that's 12 / 8 works / At (3,0): 9: reading off a result"),
                LevelRule.regex("operational.modular", OPERATIONAL,
                        "\\d\\s*mod\\s*\\d+\\s*(?:is|=|≡)\\s*\\d|\\d\\s*(?:→|->|⇒|↦)\\s*[-−]?\\d",
                        "7 mod 5 is 2 / 3 → 0: a remainder or a value worked out"),
                // ---- tactical nouns: after the verbs, so "simplify the equation" stays operational
                LevelRule.regex("tactical.equation", TACTICAL,
                        "\\b(?:equations?|system\\s+of|inequalit(?:y|ies)|constraints?|conditions?\\s+(?:is|are)|relation(?:ship)?\\s+between)\\b",
                        "Equation / system / inequality / constraint"),
                // ---- operational symbols: any remaining arithmetic
                LevelRule.regex("operational.arithmetic", OPERATIONAL,
                        "\\d\\s*[-−+*/×÷·^]\\s*\\(?\\d|[\\d)]\\s*[=≈]|[=≈]\\s*[-−]?\\(?\\d|[<>≤≥]\\s*[-−]?\\(?\\d",
                        "Digits with an operator or an equals sign"),
                LevelRule.regex("operational.latex", OPERATIONAL,
                        "\\\\(?:frac|dfrac|tfrac|sqrt|cdot|times|div|pm|binom|equiv|approx)\\b|\\^\\{?\\d",
                        "LaTeX operators: \\frac, \\sqrt, \\cdot, powers"),
                LevelRule.regex("operational.equals", OPERATIONAL, "=|≡|≈", "Any remaining equals sign"));
    }
}
