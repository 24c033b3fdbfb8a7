/* Gradient clipping against torch.nn.utils (fixtures/torch/generate.py, float64). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as A from "adaptive-lr";
import * as Nn from "adaptive-lr/nn";

interface Case {
  kind: "norm" | "value";
  maxNorm?: number;
  normType?: number | "inf";
  clipValue?: number;
  grads: number[][];
  clipped: number[][];
  totalNorm?: number;
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../../test/fixtures/torch/clipping.json"), "utf8")) as { torch: string; cases: Case[] };

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 + 1e-12 * Math.abs(b);

for (const [k, c] of fixture.cases.entries()) {
  const label = c.kind === "norm" ? `clipGradNorm(maxNorm ${c.maxNorm}, norm ${c.normType})` : `clipGradValue(${c.clipValue})`;
  test(`torch ${fixture.torch} parity: ${label}, case ${k}`, () => {
    const grads = c.grads.map((g) => Float64Array.from(g));
    if (c.kind === "norm") {
      const total = Nn.clipGradNorm(grads, c.maxNorm!, c.normType === "inf" ? Infinity : c.normType);
      assert.ok(close(total, c.totalNorm!), `total norm ${total} vs torch ${c.totalNorm}`);
    } else {
      Nn.clipGradValue(grads, c.clipValue!);
    }
    grads.forEach((g, j) => g.forEach((x, i) => assert.ok(close(x, c.clipped[j][i]), `grads[${j}][${i}]: ${x} vs torch ${c.clipped[j][i]}`)));
  });
}

test("the fixtures clip in some cases and leave g alone in others", () => {
  const changed = fixture.cases.map((c) => c.grads.some((g, j) => g.some((x, i) => x !== c.clipped[j][i])));
  assert.ok(changed.includes(true) && changed.includes(false));
});

test("clipping refuses bad limits and non-arrays, by name", () => {
  assert.throws(() => Nn.clipGradNorm(new Float64Array(2), -1), /Invalid max_norm value: -1 \(maxNorm must be a finite number with 0 ≤ maxNorm\)/);
  assert.throws(() => Nn.clipGradNorm(new Float64Array(2), 1, 0.5), /Invalid norm type: 0.5/);
  assert.throws(() => Nn.clipGradValue([1, 2] as never, 1), /clipGradValue: grads must be a Float64Array or an array of them/);
  assert.throws(() => Nn.clipGradValue(new Float64Array(2), NaN), /Invalid clip_value: NaN/);
});
