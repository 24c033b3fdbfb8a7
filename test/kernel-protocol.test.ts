// The kernel under the Jupyter project's kernel test suite (jupyter_kernel_test):
// test/kernel_protocol.py, run with the Jupyter python, against the repo's kernelspec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const { findJupyterPython } = require(path.join(repoRoot, "kernel", "jupyter.js")) as {
  findJupyterPython(): { python: string } | null;
};
const { envWithRepoKernel, writeKernelSpec, repoJupyterDir } = require(path.join(repoRoot, "kernel", "kernelspec.js")) as {
  envWithRepoKernel(): NodeJS.ProcessEnv;
  writeKernelSpec(dir: string): string;
  repoJupyterDir: string;
};

// Skipped on purpose, with the reason given in test/kernel_protocol.py.
const NOT_APPLICABLE = ["test_clear_output", "test_pager"];

test("jupyter_kernel_test: every applicable test of the Jupyter project's kernel suite passes", (t) => {
  const jupyter = findJupyterPython();
  assert.ok(jupyter, "a python with Jupyter");
  const probe = spawnSync(jupyter.python, ["-c", "import jupyter_kernel_test"], { encoding: "utf8" });
  assert.equal(probe.status, 0, `${jupyter.python} cannot import jupyter_kernel_test: install Debian's python3-jupyter-kernel-test (pip: jupyter_kernel_test)\n${probe.stderr}`);
  writeKernelSpec(repoJupyterDir);
  const typescriptVersion = require(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [path.join(repoRoot, "node_modules", "tslab")] })).version;
  const run = spawnSync(jupyter.python, ["-m", "unittest", "-v", "kernel_protocol"], {
    cwd: path.join(repoRoot, "test"),
    env: { ...envWithRepoKernel(), EXPECTED_TYPESCRIPT_VERSION: typescriptVersion },
    encoding: "utf8",
    timeout: 600_000,
  });
  const report = run.stderr;
  assert.equal(run.status, 0, `the kernel protocol suite failed:\n${report}`);
  const skipped = [...report.matchAll(/^(test_\w+) .*\.\.\. skipped/gm)].map((m) => m[1]).sort();
  t.diagnostic(`skipped (not applicable): ${skipped.join(", ")}`);
  assert.deepEqual(skipped, NOT_APPLICABLE);
  const passed = [...report.matchAll(/^(test_\w+) .*\.\.\. ok$/gm)].map((m) => m[1]);
  for (const name of ["test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_error", "test_execute_result",
    "test_display_data", "test_completion", "test_is_complete", "test_inspect", "test_history",
    "test_the_first_request_status_reaches_a_client_that_is_still_connecting",
    "test_interrupt_request_stops_a_busy_cell", "test_the_kernel_is_one_process_to_jupyter"]) {
    assert.ok(passed.includes(name), `${name} ran and passed`);
  }
});
