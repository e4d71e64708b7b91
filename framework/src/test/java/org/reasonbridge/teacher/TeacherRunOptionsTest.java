package org.reasonbridge.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.ApiException;

import java.net.ConnectException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults a user can trust: no throttle on this machine, and failures that say what they mean. */
class TeacherRunOptionsTest {
    private static TeacherClient at(Map<String, Object> described) {
        return new TeacherClient() {
            public String name() {
                return "t";
            }

            public Trace solve(Problem problem, TeacherPrompt prompt) {
                throw new UnsupportedOperationException();
            }

            public Map<String, Object> describe() {
                return described;
            }
        };
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://127.0.0.1:8000/v1, 0",
            "http://localhost:8000/v1, 0",
            "http://[::1]:8000/v1, 0",
            "http://127.0.0.7:9/v1, 0",
            "https://api.openai.com/v1, 60",
            "http://10.0.0.5:8000/v1, 60",
            "http://gpu-box:8000/v1, 60",
    })
    void autoRateIsUnlimitedOnlyOnThisMachine(String endpoint, double rpm) {
        assertEquals(rpm, TeacherRun.Options.defaults().requestsPerMinuteFor(at(Map.of("kind", "endpoint", "endpoint", endpoint))));
    }

    @Test
    void localModelsAreNotThrottledAndAnExplicitRateStands() {
        assertEquals(0, TeacherRun.Options.defaults().requestsPerMinuteFor(at(Map.of("kind", "local", "model", "/m"))));
        assertEquals(60, TeacherRun.Options.defaults().requestsPerMinuteFor(at(Map.of())), "unknown: as a remote endpoint");
        TeacherRun.Options thirty = new TeacherRun.Options(8, 30, 1, TeacherRun.Options.defaults().retry(), 0);
        assertEquals(30, thirty.requestsPerMinuteFor(at(Map.of("kind", "local"))));
    }

    @Test
    void aBareConnectExceptionSaysWhatItMeans() {
        ApiException refused = new ApiException("POST /v1/chat/completions: java.net.ConnectException", 0, "", null, new ConnectException());
        assertTrue(TeacherRun.reason(refused).endsWith("(connection refused: nothing listens at that address)"), TeacherRun.reason(refused));
        assertTrue(TeacherRun.unreachable(refused));
        assertTrue(TeacherRun.unreachable(new ApiException("HTTP 401", 401, "", null, null)));
        assertFalse(TeacherRun.unreachable(new ApiException("HTTP 500", 500, "", null, null)), "a server error may pass");
        assertFalse(TeacherRun.unreachable(new ApiException("HTTP 400", 400, "", null, null)), "a refused request is about the problem");
    }
}
