package org.reasonbridge.curation.filter;

import org.reasonbridge.lm.LmReply;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.Problem;
import org.reasonbridge.model.Fixtures;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainClassifierTest {
    private static final KeywordDomainClassifier KEYWORDS = KeywordDomainClassifier.defaults();

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(delimiter = '|', textBlock = """
            11 | Find the remainder when $2^{100}$ is divided by 7, using modulo arithmetic.
            11 | How many primes are there between 10 and 50?
            05 | In how many ways can 5 books be arranged on a shelf so that two particular books are adjacent?
            05 | A graph has 10 vertices and every pair of vertices is joined by an edge. How many edges?
            51 | A triangle has sides 3, 4 and 5. Find the radius of its inscribed circle.
            51 | Find the volume of a cone with radius 3 and height 4.
            60 | Two dice are rolled. What is the probability that the sum is 7?
            12 | Find all roots of the polynomial $x^3 - 6x^2 + 11x - 6$.
            15 | Compute the determinant of the matrix $\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$.
            20 | Let G be a group of order 15. Show that every subgroup of G is cyclic and G is abelian.
            40 | Does the series $\\sum 1/n^2$ converge? Find the sum of the infinite series.
            34 | Solve the ordinary differential equation y' = 2y with the initial value problem y(0) = 1.
            30 | Find the modulus of the complex number $3 + 4i$ in the complex plane.
            62 | The sample mean is 5 and the standard deviation is 2; build a 95% confidence interval.
            CS | Write an algorithm that sorts an array in O(n log n) time and give its time complexity.
            CS | What does this Python program print? def f(x): return x * 2
            70 | A projectile is launched with velocity 20 m/s at 30 degrees. Neglecting friction, find its range and acceleration.
            78 | A point charge creates an electric field; find the voltage across the capacitor.
            80 | An ideal gas expands isothermal at a temperature of 300 kelvin. Find the heat capacity change.
            81 | A quantum particle in a box: solve the Schrodinger equation for its wave function.
            CHEM | How many moles of oxygen react with 2 moles of hydrogen in this chemical reaction?
            CHEM | What is the pH of an acid solution with a hydrogen ion concentration of 0.01 M?
            BIO | A gene mutation changes one allele; what fraction of the offspring show the recessive phenotype?
            BIO | Which organelle, the mitochondria or the chloroplast, performs photosynthesis in plant cells?
            PUZ | On an island of knights and knaves, A says 'B is a knave'. B says 'we are both knights'. Who is who?
            PUZ | Three people: one always lies, one always tells the truth. Who is lying?
            91 | Two firms choose prices; find the Nash equilibrium of this game and each firm's profit.
            97 | Apples cost 3 dollars each. How much money does Tom spend on 4 apples?
            97 | Solve for x: 3x + 5 = 20.
            97 | A train travels at 60 miles per hour; a second train leaves an hour later and the two coincide at noon. Find the distance independently of the route.
            97 | A shirt is sold at a 20 percent discount. What percentage of the original price is paid?
            12 | Solve the quadratic equation $x^2 - 5x + 6 = 0$.
            60 | A coin is tossed three times. What is the chance of exactly two heads?
            00 | Hello there, this sentence mentions nothing in particular.
            """)
    void keywordsPlaceProblems(String code, String question) {
        DomainClassifier.Classification c = KEYWORDS.classify(new Problem("p", question, ""));
        assertEquals(code, c.code(), () -> question + " -> " + c);
        assertEquals("keyword", c.method());
        assertEquals(code.equals("00"), c.matched().isEmpty());
    }

    @Test
    void matchedKeywordsComeBack() {
        var c = KEYWORDS.classify("Find the remainder of 2^10 modulo 7; 7 is prime.");
        assertEquals("11", c.code());
        assertEquals(List.of("remainder", "modulo", "prime*"), c.matched());
    }

    @Test
    void customRulesAndTies() {
        var k = KeywordDomainClassifier.of(List.of("# comment", "05: ball*", "11: ball*, two words"));
        assertEquals("05", k.classify("three balls").code());                 // tie: the earlier line
        assertEquals("11", k.classify("balls in two words").code());          // a two-word keyword weighs two
    }

    @Test
    void catalogIsMscPlusExtensions() throws Exception {
        assertEquals(66, Domain.all().size());
        assertEquals("Combinatorics", Domain.of("05").orElseThrow().title());
        assertEquals("Chemistry", Domain.of("CHEM").orElseThrow().title());
        var reference = new ObjectMapper().readTree(Fixtures.file("msc/msc.json").toFile());
        try (InputStream in = Domain.class.getResourceAsStream("msc.json")) {
            assertEquals(reference, new ObjectMapper().readTree(in), "the bundled msc.json is s1's, unchanged");
        }
    }

    @Test
    void modelCodeIsParsed() {
        AtomicReference<String> seen = new AtomicReference<>();
        var model = ModelDomainClassifier.of(request -> {
            seen.set(request.userText());
            return LmReply.of("This is about divisibility.\n\n**11**");
        });
        var c = model.classify(new Problem("p", "Is 91 a prime?", ""));
        assertEquals("11", c.code());
        assertEquals("model", c.method());
        assertTrue(seen.get().contains("Is 91 a prime?"));
        assertTrue(seen.get().contains("* Code: 05") && seen.get().contains("* Code: PUZ"), "the rubric is in the prompt");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            trailing code          | Reasoning...\\nCode: CS                    | CS    | model
            last of several codes  | Maybe 05, but really\\n05 or 11 -> 11       | 11    | model
            junk                   | I cannot decide.                            | 11    | keyword-fallback
            unknown code           | Subject code\\n99                           | 11    | keyword-fallback
            code only mid-text     | It is 05 surely.\\nThat is all.             | 11    | keyword-fallback
            """)
    void unparseableOutputFallsBackToKeywords(String name, String output, String code, String method) {
        var model = ModelDomainClassifier.of(request -> LmReply.of(output.replace("\\n", "\n")));
        var c = model.classify(new Problem("p", "Find the remainder of 100 modulo 7.", ""));
        assertEquals(code, c.code(), name);
        assertEquals(method, c.method(), name);
        assertEquals(method.equals("model"), c.note().isEmpty(), name);
    }

    @Test
    void modelErrorFallsBack() {
        var c = ModelDomainClassifier.of(request -> {
            throw new IllegalStateException("teacher unavailable");
        }).classify(new Problem("p", "Two dice are rolled; find the probability of a double.", ""));
        assertEquals("60", c.code());
        assertEquals("keyword-fallback", c.method());
        assertTrue(c.note().contains("teacher unavailable"));
        assertFalse(c.matched().isEmpty());
    }
}
