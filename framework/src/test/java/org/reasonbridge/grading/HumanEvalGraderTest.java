package org.reasonbridge.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Model-written programs in the sandbox: right, wrong, looping, hogging memory, reaching for the network. */
class HumanEvalGraderTest {
    static final Map<String, String> ADD = Map.of(
            "prompt", "def add(a, b):\n    \"\"\"Return a + b.\"\"\"\n",
            "test", "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-1, 1) == 0\n",
            "entry_point", "add");
    static final HumanEvalGrader GRADER = new HumanEvalGrader(true,
            HumanEvalGrader.Limits.defaults().withTimeout(Duration.ofSeconds(3)).withMemoryBytes(256L << 20));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("body", "    return a + b\n", HumanEvalGrader.Status.PASSED),
                Arguments.of("fenced whole function", "Here:\n```python\ndef add(a, b):\n    return b + a\n```\nDone.",
                        HumanEvalGrader.Status.PASSED),
                Arguments.of("after thinking", "<think>\nhmm ```x```\n</think>\n```\ndef add(a, b):\n    return a+b\n```",
                        HumanEvalGrader.Status.PASSED),
                Arguments.of("wrong", "    return a - b\n", HumanEvalGrader.Status.FAILED),
                Arguments.of("syntax error", "    return a +\n", HumanEvalGrader.Status.FAILED),
                Arguments.of("infinite loop", "    while True:\n        pass\n", HumanEvalGrader.Status.TIMEOUT),
                Arguments.of("child process loops", "    import subprocess\n    subprocess.run(['/usr/bin/python3', '-c', 'while True: pass'])\n",
                        HumanEvalGrader.Status.TIMEOUT),
                Arguments.of("memory hog", "    x = bytearray(2 * 1024 ** 3)\n    return a + b\n", HumanEvalGrader.Status.FAILED),
                Arguments.of("output flood", "    while True:\n        print('x' * 10000)\n", HumanEvalGrader.Status.FAILED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void verdicts(String name, String completion, HumanEvalGrader.Status expected) {
        HumanEvalGrader.Outcome o = GRADER.grade(completion, ADD);
        assertEquals(expected, o.status(), o.output());
        assertTrue(o.output().length() <= HumanEvalGrader.Limits.defaults().outputBytes());
    }

    @Test
    void memoryHogIsStoppedByTheLimitNotTheClock() {
        HumanEvalGrader.Outcome o = GRADER.grade("    x = bytearray(2 * 1024 ** 3)\n    return a + b\n", ADD);
        assertTrue(o.output().contains("MemoryError"), o.output());
    }

    @Test
    void networkIsUnreachableWhenIsolated() {
        assumeTrue(HumanEvalGrader.networkIsolated(), "unshare -rn does not work here: programs keep the network");
        HumanEvalGrader.Outcome o = GRADER.run("import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=2)\n");
        assertEquals(HumanEvalGrader.Status.FAILED, o.status());
        assertTrue(o.output().contains("unreachable") || o.output().contains("refused"), o.output());
        HumanEvalGrader.Outcome dns = GRADER.run("import socket\nsocket.create_connection(('example.com', 80), timeout=2)\n");
        assertEquals(HumanEvalGrader.Status.FAILED, dns.status(), dns.output());
    }

    @ParameterizedTest(name = "an orphaned grandchild is killed, parent loops: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void orphanedGrandchildrenDoNotSurvive(boolean parentLoops) {
        HumanEvalGrader.Outcome o = GRADER.run("import os, sys, time\n"
                + "if os.fork() == 0:\n"
                + "    if os.fork() == 0:\n"
                + "        time.sleep(120)\n"
                + "    os._exit(0)\n"
                + "os.wait()\n"
                + "print(os.getpid(), flush=True)\n"
                + (parentLoops ? "while True:\n    pass\n" : ""));
        assertEquals(parentLoops ? HumanEvalGrader.Status.TIMEOUT : HumanEvalGrader.Status.PASSED, o.status(), o.output());
        // the grandchild is in the program's process group; find it by its parent having been re-parented: scan all
        long leader = Long.parseLong(o.output().strip());
        boolean survivor = ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().orElse("").contains("program.py")
                && h.pid() != leader && h.isAlive());
        assertTrue(!survivor, "no process of the program is left");
    }

    @Test
    void refusesWithoutTheFlag() {
        SecurityException e = assertThrows(SecurityException.class, () -> new HumanEvalGrader(false));
        assertTrue(e.getMessage().contains("model-written code"), e.getMessage());
    }

    @Test
    void runsInAFreshFolderThatIsRemoved() throws Exception {
        HumanEvalGrader.Outcome o = GRADER.run("import os\nprint(os.getcwd())\nprint(sorted(os.listdir('.')))\n");
        assertEquals(HumanEvalGrader.Status.PASSED, o.status(), o.output());
        Path cwd = Path.of(o.output().lines().findFirst().orElseThrow());
        assertTrue(o.output().contains("['output.txt', 'program.py']"), o.output());
        assertTrue(!Files.exists(cwd), "the temporary folder is deleted");
    }
}
