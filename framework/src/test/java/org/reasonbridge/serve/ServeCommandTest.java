package org.reasonbridge.serve;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.cli.CliRun;


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
        CliRun.Result r = CliRun.run(("serve " + args).split(" "));
        String all = r.out() + r.err();
        assertEquals(code, r.code(), all);
        assertTrue(all.contains(expected), all);
    }
}
