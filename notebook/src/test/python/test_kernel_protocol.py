"""The ReasonBridge Java kernel against Jupyter's own conformance suite (Debian's python3-jupyter-kernel-test).

Run by KernelProtocolTest (mvn verify) with JUPYTER_PATH pointing at a kernelspec installed by
kernels-config/install; the kernel's name comes from RB_KERNEL_NAME.
"""
import os
import unittest

import jupyter_kernel_test


class ReasonBridgeKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("RB_KERNEL_NAME", "reasonbridge-java")
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.flo", "matches": {"floor(", "floorDiv(", "floorMod("}},
        {"text": "Sys", "matches": {"System"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 3;", "for (int i = 0; i < 3; i++) { }", ""]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int f(int a) {", "Math.max(1,"]
    invalid_code_samples = ["}", "int x = ;", "\"abc"]

    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": "int v = 5;\nv + 1", "result": "6"},
    ]
    code_display_data = [
        {"code": 'display("text/html", "<b>bold</b>");', "mime": "text/html"},
        {"code": 'display(tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("n", 1, 2)));',
         "mime": "text/html"},
        {"code": 'display(new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB));',
         "mime": "image/png"},
    ]
    code_inspect_sample = "Math.max"


if __name__ == "__main__":
    unittest.main()
