package org.reasonbridge.notebook.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JShell in this JVM, without Jupyter: values, errors, analysis and interrupts of cells. */
class CellEvaluatorTest {
    private static CellEvaluator cells;

    @BeforeAll
    static void start() {
        cells = new CellEvaluator(JavaKernel.STARTUP);
    }

    @AfterAll
    static void stop() {
        cells.close();
    }

    @Test
    void aCellsValueIsItsLastExpressionAsTheObjectItself() {
        assertEquals(3, cells.evalCell("1 + 2"));
        assertEquals(java.util.List.of(1, 2), cells.evalCell("var xs = List.of(1, 2);\nxs"));
        assertNull(cells.evalCell("String nothing = null;\nnothing"));
        assertEquals("abc", cells.evalCell("\"ab\" + \"c\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "int declared = 4;",
            "int declared2 = 4",
            "void helper() { }",
            "record Point(int x, int y) { }",
            "declared = 5;",
            "System.out.print(\"\");",
            "for (int i = 0; i < 2; i++) { }"})
    void declarationsAssignmentsAndStatementsShowNothing(String code) {
        assertSame(CellEvaluator.NO_VALUE, cells.evalCell(code));
    }

    @Test
    void stateCarriesAcrossCells() {
        cells.evalCell("int carried = 20;\nint twice(int v) { return 2 * v; }");
        assertEquals(42, cells.evalCell("twice(carried) + 2"));
    }

    @Test
    void theCellsOwnExceptionComesOutUnderItsOwnType() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cells.evalCell("throw new IllegalStateException(\"boom\");"));
        assertEquals("boom", e.getMessage());
        assertTrue(e.getStackTrace()[0].getClassName().startsWith("REPL."), "thrown in the cell's code");
        assertInstanceOf(java.io.IOException.class, assertThrows(Exception.class,
                () -> cells.evalCell("throw new java.io.IOException(\"checked\");")));
        CellError error = assertThrows(CellError.class, () -> cells.evalCell("throw new AssertionError(\"bad\");"));
        assertInstanceOf(AssertionError.class, error.getCause());
    }

    @Test
    void compileErrorsPointAtTheLineOfTheCell() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> cells.evalCell("int fine = 1;\n\nint wrong = \"text\";"));
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        assertEquals("line 3: int wrong = \"text\";", e.lines().get(0));
        assertEquals("                    ^----^".replace('-', '^'), e.lines().get(1));
    }

    @Test
    void anUnfinishedCellSaysSo() {
        assertThrows(IncompleteCellException.class, () -> cells.evalCell("for (int i = 0; i < 3; i++) {"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "1 + 1                         | complete",
            "int x = 3;                    | complete",
            "''                            | complete",
            "}                             | invalid",
            "int x = ;                     | invalid",
            "Math.max(1,                   | '    '",
            "'if (true) {'                 | '    '",
            "'  while (true) {'            | '      '"})
    void isCompleteAnswersAsJupyterExpects(String code, String expected) {
        assertEquals(expected, cells.isComplete(code));
    }

    @Test
    void completesInsideTheSnippetUnderTheCursor() {
        String code = "int first = 1;\nint second = Math.ab";
        CellEvaluator.Completions c = cells.complete(code, code.length());
        assertTrue(c.matches().contains("abs("), c.matches().toString());
        assertEquals(code.length() - 2, c.start());
        assertEquals(code.length(), c.end());
    }

    @Test
    void inspectsVariablesAndMethods() {
        cells.evalCell("String greeting = \"hi\";");
        assertEquals("String greeting = \"hi\"", cells.inspect("greeting", 2));
        assertTrue(cells.inspect("Math.max", 8).contains("int Math.max(int a, int b)"));
        assertNull(cells.inspect("noSuchThing", 4));
    }

    @Test
    void anInterruptEndsASleepingCellAndABusyOneAndTheStateStays() throws Exception {
        cells.evalCell("int kept = 41;");
        for (String body : new String[] {"Thread.sleep(600_000);", "long spins = 0; while (true) { spins++; }"}) {
            String flag = "rb.test.started." + body.hashCode();
            CompletableFuture<Object> cell = CompletableFuture.supplyAsync(
                    () -> cells.evalCell("System.setProperty(\"" + flag + "\", \"yes\");\n" + body));
            while (System.getProperty(flag) == null) Thread.onSpinWait();
            cells.interrupt();
            ExecutionException e = assertThrows(ExecutionException.class, cell::get);
            assertInstanceOf(CellInterruptedException.class, e.getCause(), body);
        }
        assertEquals(42, cells.evalCell("kept + 1"));
    }
}
