"""What a notebook user relies on beyond the protocol suite: errors and interrupts leave the kernel usable,
state carries across cells, rich outputs and in-place progress. Run by KernelProtocolTest (mvn verify)."""
import os
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("RB_KERNEL_NAME", "reasonbridge-java")
TIMEOUT = 60


class KernelBehaviourTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    # ---- helpers

    def collect(self, msg_id, timeout=TIMEOUT):
        """The execute reply and the IOPub messages of one request, up to its idle status."""
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        outputs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply["content"], outputs
            if msg["msg_type"] not in ("status", "execute_input"):
                outputs.append(msg)
        self.fail("no idle status for " + msg_id)

    def run_cell(self, code, timeout=TIMEOUT):
        return self.collect(self.kc.execute(code), timeout)

    def result(self, code, mime="text/plain"):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", reply)
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, outputs)
        return results[0]["content"]["data"][mime]

    def shown_error(self, outputs):
        """The traceback of the one error output, as the notebook shows it."""
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, outputs)
        return "\n".join(errors[0]["content"]["traceback"])

    def interrupt_after_start(self, code):
        msg_id = self.kc.execute(code)
        # wait for the kernel to pick the cell up, then give it a moment to be inside it
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                break
        time.sleep(1.0)
        self.km.interrupt_kernel()
        return self.collect(msg_id, timeout=30)

    # ---- cases

    def test_state_carries_across_cells(self):
        self.run_cell("int counter = 41;")
        self.assertEqual(self.result("counter + 1"), "42")

    def test_exception_is_shown_and_the_next_cell_runs(self):
        reply, outputs = self.run_cell("int[] a = new int[2];\na[5] = 1;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "ArrayIndexOutOfBoundsException")
        traceback = self.shown_error(outputs)
        self.assertIn("java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 2", traceback)
        self.assertNotIn("org.dflib", traceback)  # the cell's frames, not the kernel's
        self.assertEqual(self.result("a.length"), "2")

    def test_compile_error_names_the_line_and_the_next_cell_runs(self):
        reply, outputs = self.run_cell('int ok = 1;\nint bad = "text";')
        self.assertEqual(reply["status"], "error")
        traceback = self.shown_error(outputs)
        self.assertIn("incompatible types", traceback)
        self.assertIn("line 2:", traceback)
        self.assertEqual(self.result("ok + 1"), "2")

    def test_checked_exception_keeps_its_name_and_cause(self):
        reply, outputs = self.run_cell('throw new java.io.IOException("outer", new IllegalArgumentException("inner"));')
        self.assertEqual(reply["ename"], "IOException")
        traceback = self.shown_error(outputs)
        self.assertIn("java.io.IOException: outer", traceback)
        self.assertIn("Caused by: java.lang.IllegalArgumentException: inner", traceback)

    def test_interrupt_stops_a_sleeping_cell_and_the_kernel_stays_usable(self):
        self.run_cell("int before = 7;")
        reply, _ = self.interrupt_after_start("Thread.sleep(120_000);")
        self.assertEqual(reply["status"], "error")
        self.assertIn("CellInterruptedException", reply["ename"])
        self.assertEqual(self.result("before * 6"), "42")

    def test_interrupt_stops_a_busy_loop(self):
        reply, _ = self.interrupt_after_start("long spins = 0;\nwhile (true) { spins++; }")
        self.assertEqual(reply["status"], "error")
        self.assertIn("CellInterruptedException", reply["ename"])
        self.assertEqual(self.result('"alive"'), "alive")

    def test_last_expression_table_is_html_and_aligned_text(self):
        code = ('tech.tablesaw.api.Table.create("scores", tech.tablesaw.api.StringColumn.create("name", "a<b", "c"),\n'
                '    tech.tablesaw.api.IntColumn.create("n", 1, 22))')
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", reply)
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("a&lt;b", data["text/html"])
        self.assertIn("scores", data["text/plain"])

    def test_display_helpers(self):
        cases = {
            'display(Charts.line(tech.tablesaw.api.Table.create("s", tech.tablesaw.api.IntColumn.create("k", 0, 1, 2),'
            ' tech.tablesaw.api.DoubleColumn.create("acc", 0.2, 0.3, 0.35)), "k", "acc", null, "accuracy"));': "image/png",
            'display(Traces.levels("First, plan the approach. Compute 3 + 4 = 7. The answer is 7."));': "text/html",
            'display(InterventionTimeline.of("so 3 + 4 = 8 Wait, let me check", List.of(new org.reasonbridge.inference'
            '.Intervention(13, org.reasonbridge.inference.ReasoningState.UNVERIFIED, List.of(), "Wait, let me check", 5))));':
                "text/html",
            'display("text/markdown", "**bold**");': "text/markdown",
        }
        for code, mime in cases.items():
            with self.subTest(code=code):
                reply, outputs = self.run_cell(code)
                self.assertEqual(reply["status"], "ok", reply)
                shown = [m for m in outputs if m["msg_type"] == "display_data"]
                self.assertEqual(len(shown), 1, outputs)
                self.assertIn(mime, shown[0]["content"]["data"])

    def test_progress_bar_updates_in_place(self):
        reply, outputs = self.run_cell(
            'var bar = Progress.bar("work", 3);\nfor (int i = 1; i <= 3; i++) { Thread.sleep(300); bar.update(i); }')
        self.assertEqual(reply["status"], "ok", reply)
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertGreaterEqual(len(updates), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(all(u["content"]["transient"]["display_id"] == display_id for u in updates))
        self.assertIn("3/3", updates[-1]["content"]["data"]["text/plain"])

    def test_completion_inside_a_cell_of_several_statements(self):
        code = "int a = 1;\nint b = Math.ab"
        msg_id = self.kc.complete(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertIn("abs(", reply["content"]["matches"])
        self.assertEqual(reply["content"]["cursor_start"], len(code) - 2)
        self.assertEqual(reply["content"]["cursor_end"], len(code))

    def test_cursor_positions_count_code_points(self):
        code = 'String s = "\U0001F600";\nMath.ab'  # the emoji is one code point, two UTF-16 chars
        msg_id = self.kc.complete(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertIn("abs(", reply["content"]["matches"])
        self.assertEqual(reply["content"]["cursor_start"], len(code) - 2)
        self.assertEqual(reply["content"]["cursor_end"], len(code))

    def test_inspect_a_variable(self):
        self.run_cell('String greeting = "hi";')
        msg_id = self.kc.inspect("greeting", 3)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("String greeting", reply["content"]["data"]["text/plain"])


if __name__ == "__main__":
    unittest.main()
