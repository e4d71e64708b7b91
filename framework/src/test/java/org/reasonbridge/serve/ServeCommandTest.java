package org.reasonbridge.serve;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reasonbridge serve} arguments that end before a model is loaded. */
class ServeCommandTest {
    @ParameterizedTest(name = "serve {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--help                       | 0 | --served-model-name",
            "--help                       | 0 | --max-tokens-cap",
            "--policy bogus               | 1 | unknown policy 'bogus'; known: [none, gii, budget-forcing]",
            "--port notanumber            | 2 | --port",
    })
    void arguments(String args, int code, String expected) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int got;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] argv = ("serve " + args).split(" ");
            got = Main.run(argv);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String all = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        assertEquals(code, got, all);
        assertTrue(all.contains(expected), all);
    }
}
