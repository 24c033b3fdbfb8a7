"""The adaptive-lr kernel under the Jupyter project's own kernel test suite
(jupyter_kernel_test, Debian's python3-jupyter-kernel-test), plus the
protocol points the suite does not look at. Run by test/kernel-protocol.test.ts:

    JUPYTER_PATH=.jupyter /usr/bin/python3 -m unittest -v test/kernel_protocol.py

Every message is validated against the protocol's schemas by the suite's
validate_message. Skipped (not applicable to this kernel):
- test_pager: TypeScript has no help command that pages text (IPython's `x?`).
- test_clear_output: tslab has no API that sends clear_output; displays are
  updated in place with update_display_data instead (tested by the module).
"""
import json
import os
import subprocess
import sys
import time
import unittest

import jupyter_kernel_test
from start_kernel import start_kernel  # this folder
from jupyter_kernel_test.msgspec_v5 import validate_message

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.join(HERE, "..", "notebooks")
TIMEOUT = 60
# The first inspect parses the JSDoc of lib.d.ts and @types/node (a second or
# two, more on a loaded machine): more than the suite's 15 s must be allowed.
jupyter_kernel_test.TIMEOUT = TIMEOUT
# Requests that arrive within 200 ms of a failed cell are aborted (as queued
# cells of "Run all" must be), so a test that follows an error waits this long.
AFTER_ERROR = 0.3


class AdaptiveLrKernelTests(jupyter_kernel_test.KernelTests):
    # ADAPTIVE_LR_PROTOCOL_KERNEL names another kernel to hold to the same tests (e.g. stock tslab).
    kernel_name = os.environ.get("ADAPTIVE_LR_PROTOCOL_KERNEL", "adaptive-lr")
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("to stderr");'
    code_generate_error = 'throw new Error("on purpose");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "const word: string = \"abc\";\nword.toUpperCase()", "result": "'ABC'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {
            "code": '({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>rich</b>" }; } })',
            "mime": "text/html",
            "result": "<b>rich</b>",
        },
    ]
    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");', "mime": "text/html"},
        {"code": 'import * as tslab from "tslab";\ntslab.display.markdown("**bold**");', "mime": "text/markdown"},
        {
            "code": 'import { show } from "adaptive-lr";\nimport { linesPlot } from "adaptive-lr/plot";\n'
            'show(linesPlot([{ name: "loss", y: [3, 2, 1] }], { title: "a figure", xLabel: "t", yLabel: "L" }));',
            "mime": "application/vnd.plotly.v1+json",
        },
    ]
    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "const alpha = 1, alphabet = 2;\nalph", "matches": {"alpha", "alphabet"}},
    ]
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() {\n  return 1;\n}", "for (let i = 0; i < 3; i++) {}"]
    incomplete_code_samples = ["function f() {", "const x = [1, 2,", "if (true) {\n  console.log(1);"]
    invalid_code_samples = ["const = 1;", "1 +* 2", "if (x) }"]
    code_inspect_sample = "Math.max"
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    @classmethod
    def setUpClass(cls):
        # In notebooks/, as a lecture runs, so `adaptive-lr` resolves by name.
        cls.km, cls.kc = start_kernel(kernel_name=cls.kernel_name, cwd=NOTEBOOKS)

    def setUp(self):
        time.sleep(AFTER_ERROR)

    # Protocol points the suite leaves out -------------------------------------

    def run_cell(self, code):
        self.flush_channels()
        reply, outputs = self.execute_helper(code, timeout=TIMEOUT)
        return reply["content"], outputs

    def test_kernel_info_status_and_typescript_version(self):
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        validate_message(reply, "kernel_info_reply", msg_id)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["protocol_version"], "5.3")
        info = content["language_info"]
        self.assertEqual(info["version"], os.environ.get("EXPECTED_TYPESCRIPT_VERSION", "5.0.4"))
        self.assertEqual(info["mimetype"], "text/typescript")

    def test_value_is_an_execute_result_not_stdout(self):
        reply, outputs = self.run_cell("const n: number = 20;\nn + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], ["execute_result"])
        self.assertEqual(outputs[0]["content"]["data"], {"text/plain": "21"})
        self.assertEqual(outputs[0]["content"]["execution_count"], reply["execution_count"])
        # No value (undefined, a declaration): no execute_result.
        reply, outputs = self.run_cell("const nothing = undefined;\nnothing")
        self.assertEqual(outputs, [])

    def test_error_reply_and_message_carry_ename_evalue_traceback(self):
        reply, outputs = self.run_cell("const bad = () => {\n  throw new RangeError(\"too far\");\n};\nbad();")
        self.assertEqual(reply["status"], "error")
        self.assertEqual((reply["ename"], reply["evalue"]), ("RangeError", "too far"))
        error = outputs[-1]["content"]
        self.assertEqual((error["ename"], error["evalue"], error["traceback"]), (reply["ename"], reply["evalue"], reply["traceback"]))
        self.assertEqual(reply["traceback"][0], "RangeError: too far")

    def test_error_names_the_line_in_the_cell(self):
        count = self.run_cell("1")[0]["execution_count"] + 1
        time.sleep(AFTER_ERROR)
        reply, _ = self.run_cell("// a comment\nconst a: number = 1;\n\nfunction boom(x: number): number {\n  throw new Error(\"boom \" + x);\n}\nboom(a);")
        text = "\n".join(reply["traceback"])
        self.assertIn("at boom (In[%d]:5:" % count, text)
        self.assertIn("at In[%d]:7:" % count, text)
        self.assertNotIn("evalmachine", text)
        self.assertNotRegex(text, r"node:|[/\\]kernel[/\\]|[/\\]tslab[/\\]")

    def test_type_error_is_an_error_with_the_cell_position(self):
        reply, outputs = self.run_cell('const s: number = "text";')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "TSError")
        self.assertEqual(reply["traceback"], ["1:7 - Type 'string' is not assignable to type 'number'."])
        self.assertEqual([m["msg_type"] for m in outputs], ["error"])

    def interrupted(self, code):
        self.flush_channels()
        msg_id = self.kc.execute(code)
        time.sleep(1.5)
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def test_interrupt_shows_no_kernel_frames(self):
        for code in ["while (true) {}", "await new Promise(() => {});"]:
            with self.subTest(code=code):
                time.sleep(AFTER_ERROR)
                reply = self.interrupted(code)
                self.assertEqual((reply["status"], reply["ename"]), ("error", "Interrupted"))
                text = "\n".join(reply["traceback"])
                self.assertTrue(text.startswith("Interrupted: the cell was interrupted"), text)
                self.assertNotRegex(text, r"launch\.js|executor\.js|node:|[/\\]tslab[/\\]|evalmachine")
        time.sleep(AFTER_ERROR)
        self.assertEqual(self.run_cell("1 + 1")[0]["status"], "ok", "the kernel goes on after an interrupt")

    def test_interrupt_request_stops_a_busy_cell(self):
        # Front-ends with interrupt_mode "message" send interrupt_request on the
        # control channel: it must stop a loop that never yields, as a signal does.
        self.flush_channels()
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.5)
        request = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(request)
        control = self.kc.get_control_msg(timeout=TIMEOUT)
        validate_message(control, "interrupt_reply", request["header"]["msg_id"])
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        self.assertEqual((reply["content"]["status"], reply["content"]["ename"]), ("error", "Interrupted"))
        time.sleep(AFTER_ERROR)
        self.assertEqual(self.run_cell("1 + 1")[0]["status"], "ok", "the kernel goes on after an interrupt")

    def test_the_kernel_is_one_process_to_jupyter(self):
        # kernel/front.js and the back it starts live and die together (test/kernel_processes.py).
        run = subprocess.run(
            [sys.executable, os.path.join(HERE, "kernel_processes.py"), self.kernel_name, NOTEBOOKS],
            capture_output=True, text=True, timeout=300,
        )
        self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr[-3000:])
        self.assertEqual(run.stdout.split(), ["front-killed:back-ended", "back-killed:kernel-dead", "shutdown:none-left", "long-tmpdir:one-process"])

    def test_inspect_right_after_an_open_paren_shows_the_function(self):
        self.assertEqual(self.run_cell('import { adam } from "adaptive-lr";')[0]["status"], "ok")
        for code in ["adam(", "const opt = adam(", "adam({ lr: 0.1, "]:
            with self.subTest(code=code):
                self.flush_channels()
                msg_id = self.kc.inspect(code, len(code))
                reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
                validate_message(reply, "inspect_reply", msg_id)
                self.assertTrue(reply["content"]["found"])
                text = reply["content"]["data"]["text/plain"]
                self.assertIn("adam(options?: AdamOptions): Optimizer", text)
                self.assertIn("torch.optim.Adam = RMSProp + momentum", text)

    def test_comm_info_and_shutdown_replies_follow_the_schema(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "comm_info_reply", msg_id)

    def test_the_first_request_status_reaches_a_client_that_is_still_connecting(self):
        # Three fresh kernels, each asked by a new client process (test/first_request.py).
        run = subprocess.run(
            [sys.executable, os.path.join(HERE, "first_request.py"), self.kernel_name, NOTEBOOKS, "3"],
            capture_output=True, text=True, timeout=300,
        )
        self.assertEqual(run.returncode, 0, run.stderr[-3000:])
        results = [json.loads(line) for line in run.stdout.splitlines()]
        self.assertEqual(len(results), 3)
        for start, result in enumerate(results, 1):
            self.assertEqual(result["reply"], "kernel_info_reply")
            self.assertEqual(result["states"], ["busy", "idle"], "kernel start %d: the status messages of its first request" % start)


if __name__ == "__main__":
    unittest.main()
