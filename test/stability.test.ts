// The run helpers the notebooks share: 2/λmax, the stability number sᵗ, distances to θ*
// and one parameter's σ, each against an independent reference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lectureAdagrad, rmsprop, run, sgd, surface } from "adaptive-lr";
import { distancesTo, sigmaOf, stabilityNumbers, stableLearningRate } from "adaptive-lr/analysis";

const bowl = surface("3 * x^2 + 0.5 * y^2 + x * y", { name: "tilted bowl" });
const H = [6, 1, 1, 1]; // by hand from the formula
const lambdaMax = (6 + 1) / 2 + Math.sqrt(((6 - 1) / 2) ** 2 + 1);

test("stableLearningRate is 2/λmax: gradient descent converges just below it and diverges just above", () => {
  const bound = stableLearningRate(bowl, [1, 1]);
  assert.ok(Math.abs(bound - 2 / lambdaMax) < 1e-14);
  const last = (lr: number) => run({ surface: bowl, optimizer: sgd({ lr }), start: [1, 1], updates: 3000 });
  assert.ok(last(0.99 * bound).loss[3000] < 1e-8);
  const above = last(1.01 * bound);
  assert.ok(above.diverged !== undefined || above.loss[above.updates] > 1e6);
  assert.throws(() => stableLearningRate(surface("-(x^2) - y^2"), [0, 0]), /λmax = -2 is not positive/);
  assert.throws(() => stableLearningRate(bowl, [1]), /at has length 1 but must have 2/);
});

/** λmax of the non-symmetric 2×2 matrix D·H, from its characteristic polynomial. */
function topOfDH(d0: number, d1: number): number {
  const a = d0 * H[0], b = d0 * H[1], c = d1 * H[2], e = d1 * H[3];
  return (a + e) / 2 + Math.sqrt(((a - e) / 2) ** 2 + b * c);
}

test("stabilityNumbers is λmax(Dᵗ·H) with Dᵗ = diag(ηᵗ/σᵢᵗ), in two and in three dimensions", () => {
  const r = run({ surface: bowl, optimizer: lectureAdagrad({ lr: 0.5 }), start: [1, -2], updates: 50, recordSigma: true });
  const s = stabilityNumbers(r, H);
  assert.equal(s.length, 50);
  for (let t = 0; t < 50; t++) {
    const want = topOfDH(r.lr[t] / r.sigma![2 * t], r.lr[t] / r.sigma![2 * t + 1]);
    assert.ok(Math.abs(s[t] - want) <= 1e-12 * want, `t = ${t}: ${s[t]} vs ${want}`);
  }
  // Three parameters: against power iteration on D·H itself.
  const cube = surface("2 * x^2 + y^2 + 0.25 * z^2 + x * y + 0.5 * y * z");
  const H3 = Array.from(cube.hessian([0, 0, 0], new Float64Array(9)));
  const r3 = run({ surface: cube, optimizer: rmsprop({ lr: 0.01 }), start: [1, 2, 3], updates: 5, recordSigma: true });
  const s3 = stabilityNumbers(r3, H3);
  for (let t = 0; t < 5; t++) {
    const d = [0, 1, 2].map((i) => r3.lr[t] / r3.sigma![3 * t + i]);
    let v = [1, 1, 1], top = 0;
    for (let k = 0; k < 500; k++) {
      const w = [0, 1, 2].map((i) => d[i] * (H3[3 * i] * v[0] + H3[3 * i + 1] * v[1] + H3[3 * i + 2] * v[2]));
      top = Math.hypot(...w) / Math.hypot(...v);
      v = w.map((x) => x / Math.hypot(...w));
    }
    assert.ok(Math.abs(s3[t] - top) <= 1e-9 * top, `t = ${t}: ${s3[t]} vs ${top}`);
  }
  const plain = run({ surface: bowl, optimizer: sgd({ lr: 0.1 }), updates: 3, start: [1, 1] });
  assert.throws(() => stabilityNumbers(plain, H), /recorded no σ/);
  assert.throws(() => stabilityNumbers(r, [1, 2, 3]), /hessian has length 3 but must have 4/);
});

test("distancesTo and sigmaOf read a recorded run", () => {
  const r = run({ surface: bowl, optimizer: lectureAdagrad({ lr: 0.1 }), start: [1, -2], updates: 20, recordSigma: true });
  const d = distancesTo(r, [0.5, 0.25]);
  assert.equal(d.length, 21);
  for (let k = 0; k <= 20; k++) {
    const want = Math.hypot(r.point(k)[0] - 0.5, r.point(k)[1] - 0.25);
    assert.ok(Math.abs(d[k] - want) <= 1e-15 * want, `k = ${k}`);
  }
  // σ by hand: the lecture's Adagrad is the root mean square of the gradients so far.
  const g = new Float64Array(2);
  let sum = 0;
  const sigmaY = sigmaOf(r, 1);
  for (let t = 0; t < 20; t++) {
    sum += bowl.gradient(r.point(t), g)[1] ** 2;
    assert.ok(Math.abs(sigmaY[t] - Math.sqrt(sum / (t + 1))) <= 1e-12 * sigmaY[t]);
  }
  assert.throws(() => sigmaOf(r, 2), /Invalid parameter index: 2 \(i must be an integer with 0 ≤ i < 2\)/);
  assert.throws(() => distancesTo(r, [0, NaN]), /minimum\[1\] is NaN/);
});
