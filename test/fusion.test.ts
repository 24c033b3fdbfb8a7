/*
 * An optimizer compiles its parts' coordinate rules into one loop per update. These tests
 * hold that loop to the parts applied one after another, bit for bit, and the run loop on a
 * formula surface to a loop written out by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { derivative, parse } from "mathjs";
import * as A from "adaptive-lr";

/** The same part without its rule: a chain of such parts runs each part's `update` in turn. */
const withoutRule = (part: A.Part): A.Part => ({
  name: part.name,
  role: part.role,
  init: (n) => part.init(n),
  update: (u, g, t) => part.update(u, g, t),
  reset: () => part.reset(),
});

/** Deterministic gradients of mixed signs and scales, one array per update. */
function gradients(n: number, updates: number, seed: number): Float64Array[] {
  const random = A.seededRandom(seed).uniform;
  return Array.from({ length: updates }, () => Float64Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 6 - 3)));
}

interface Case {
  readonly name: string;
  readonly parts: () => A.Part[];
  readonly weightDecay?: number;
  readonly decoupled?: boolean;
  readonly lr?: A.LearningRate;
}

const cases: Case[] = [
  { name: "plain gradient descent", parts: () => [] },
  { name: "momentum, dampening, coupled weight decay", parts: () => [A.heavyBall({ momentum: 0.9, dampening: 0.3 })], weightDecay: 0.1 },
  { name: "Nesterov momentum", parts: () => [A.heavyBall({ momentum: 0.8, nesterov: true })] },
  { name: "torch's Adagrad σ", parts: () => [A.rootSumSquare({ initialAccumulatorValue: 0.1 })], lr: A.inverseSqrtDecay(0.5) },
  { name: "the lecture's Adagrad σ", parts: () => [A.rootMeanSquare()] },
  { name: "centered RMSprop, then momentum", parts: () => [A.rmsScale({ alpha: 0.9, centered: true }), A.heavyBall({ momentum: 0.5 })], weightDecay: 0.01 },
  { name: "the lecture's RMSProp", parts: () => [A.rmsScale({ alpha: 0.9, start: "first-gradient" })] },
  { name: "Adam with AMSGrad, decoupled weight decay", parts: () => [A.emaMomentum({ beta: 0.9 }), A.adamScale({ beta: 0.99, amsgrad: true })], weightDecay: 0.05, decoupled: true },
  { name: "Adam without bias corrections", parts: () => [A.emaMomentum({ beta: 0.9, biasCorrection: false }), A.adamScale({ beta: 0.999, biasCorrection: false })] },
  { name: "RAdam", parts: () => [A.emaMomentum({ beta: 0.9 }), A.rectifiedScale({ beta: 0.999 })] },
  { name: "Adamax", parts: () => [A.emaMomentum({ beta: 0.9 }), A.infinityNormScale({ beta: 0.99 })], weightDecay: 0.01 },
  { name: "Adadelta", parts: () => [A.adadeltaScale({ rho: 0.9 })], lr: 1 },
  { name: "NAdam", parts: () => [A.nesterovEma({ beta: 0.9, momentumDecay: 4e-3 }), A.adamScale({ beta: 0.999 })], weightDecay: 0.01 },
];

function compare(c: Case, n: number, updates: number): void {
  const options = { lr: c.lr ?? 0.01, weightDecay: c.weightDecay, decoupled: c.decoupled };
  const fused = A.chain({ ...options, parts: c.parts() });
  const parts = c.parts(); // their state (m, σ) is read from them below
  const oneByOne = A.chain({ ...options, parts: parts.map(withoutRule) });
  const p = new Float64Array(n).fill(0.5);
  const q = new Float64Array(n).fill(0.5);
  for (const g of gradients(n, updates, 7)) {
    fused.step(p, g);
    oneByOne.step(q, g);
  }
  assert.deepEqual(Array.from(p), Array.from(q), `${c.name}, ${n} parameters: θ`);
  assert.deepEqual(Array.from(fused.direction), Array.from(oneByOne.direction), `${c.name}: m/σ`);
  const scale = parts.find((part): part is A.ScalePart => part.role === "scale");
  const momentum = parts.find((part): part is A.MomentumPart => part.role === "momentum");
  assert.deepEqual(fused.sigma && Array.from(fused.sigma), scale && Array.from(scale.sigma), `${c.name}: σ`);
  assert.deepEqual(fused.m && Array.from(fused.m), momentum && Array.from(momentum.m), `${c.name}: m`);
}

test("an optimizer's fused loop gives its parts' numbers, applied one after another, bit for bit", () => {
  for (const c of cases) compare(c, 5, 300);
});

test("a large model gets a loop of its own (from 10,000 parameters), with the same numbers", () => {
  for (const c of cases) compare(c, 12_000, 6);
});

test("after reset a large-model optimizer works at any size; a part re-initialised on its own is caught", () => {
  const opt = A.adam({ lr: 0.1, eps: 0 });
  const big = new Float64Array(20_000);
  opt.step(big, new Float64Array(20_000).fill(2));
  assert.equal(big[123], -0.1 + 0); // Adam's first step is η·sign(g)
  opt.reset();
  const small = new Float64Array(2);
  opt.step(small, new Float64Array([3, -3]));
  assert.deepEqual(Array.from(small), [-0.1, 0.1]);

  const other = A.adam({ lr: 0.1 });
  other.step(big, new Float64Array(20_000).fill(1));
  other.parts[0].init(20_000); // new arrays behind the optimizer's back
  assert.throws(() => other.step(big, new Float64Array(20_000).fill(1)), /re-initialised on its own; call reset\(\) on the optimizer/);
});

test("a part written by hand, without a rule, works in a chain next to the module's parts", () => {
  // signSGD's direction: only the sign of each coordinate.
  const sign: A.Part = {
    name: "sign",
    role: "scale",
    init() {},
    reset() {},
    update(u) {
      for (let i = 0; i < u.length; i++) u[i] = Math.sign(u[i]);
    },
  };
  const opt = A.chain({ lr: 0.5, parts: [A.heavyBall({ momentum: 0.9 }), sign] });
  const p = new Float64Array([0, 0, 0]);
  opt.step(p, new Float64Array([2, -1e-9, 0]));
  assert.deepEqual(Array.from(p), [-0.5, 0.5, 0]);
  opt.step(p, new Float64Array([-3, 0, 0])); // m = 0.9·2 − 3 < 0
  assert.deepEqual(Array.from(p), [0, 1, 0]);
});

test("a rule that reads state it does not have is refused when the optimizer is made", () => {
  const state = { sigma: new Float64Array(0) };
  const broken: A.Part = {
    ...A.rootMeanSquare(),
    rule: { state, begin() {}, coordinate: (s: typeof state, i: number, u: number) => u / (s as unknown as { sigmaa: Float64Array }).sigmaa[i] },
  };
  assert.throws(() => A.chain({ lr: 1, parts: [broken] }), /reads s\.sigmaa, which its state does not have \(sigma\)/);
});

test("every part of the module is pasted into the loop, not called per coordinate", () => {
  const { fuseRules } = require(path.join(__dirname, "..", "..", "src", "dist", "optim", "rule.js")) as {
    fuseRules(rules: readonly A.CoordinateRule[], decay: "none"): (...args: unknown[]) => void;
  };
  const parts: A.Part[] = [
    A.heavyBall({ momentum: 0.9 }), A.heavyBall({ momentum: 0.9, nesterov: true }), A.emaMomentum({ beta: 0.9 }),
    A.nesterovEma({ beta: 0.9, momentumDecay: 4e-3 }), A.rootMeanSquare(), A.rootSumSquare(), A.rmsScale({ alpha: 0.9 }),
    A.rmsScale({ alpha: 0.9, centered: true, start: "first-gradient" }), A.adamScale({ beta: 0.999, amsgrad: true }), A.rectifiedScale({ beta: 0.999 }),
    A.infinityNormScale({ beta: 0.999 }), A.adadeltaScale({ rho: 0.9 }),
  ];
  for (const part of parts) {
    const source = fuseRules([part.rule!], "none").toString();
    assert.doesNotMatch(source, /\.coordinate\(/, `${part.name} is inlined`);
    assert.match(source, /p0_\w+\[i\]/, `${part.name} reads its arrays as locals`);
  }
});

test("a rule that cannot be pasted into the loop (closure, early return) is called, with the same numbers", () => {
  // Written as a student might: a constant from the closure, and two returns.
  const made = (): A.Part => {
    const floor = 0.5;
    const state = { sigma: new Float64Array(0) };
    const part = {
      name: "σ: |g|, at least 0.5",
      role: "scale" as const,
      init(n: number) {
        state.sigma = new Float64Array(n);
      },
      reset() {
        state.sigma = new Float64Array(0);
      },
      update(u: Float64Array, g: Float64Array) {
        for (let i = 0; i < u.length; i++) u[i] = u[i] / (state.sigma[i] = Math.max(Math.abs(g[i]), floor));
      },
      rule: {
        state,
        begin() {},
        coordinate(s: typeof state, i: number, u: number, g: number): number {
          if (Math.abs(g) < floor) return u / (s.sigma[i] = floor);
          return u / (s.sigma[i] = Math.abs(g));
        },
      },
    };
    return part;
  };
  const fused = A.chain({ lr: 0.1, parts: [A.heavyBall({ momentum: 0.9 }), made()] });
  const byHand = A.chain({ lr: 0.1, parts: [A.heavyBall({ momentum: 0.9 }), withoutRule(made())] });
  const p = new Float64Array(7).fill(1);
  const q = new Float64Array(7).fill(1);
  for (const g of gradients(7, 50, 11)) {
    fused.step(p, g);
    byHand.step(q, g);
  }
  assert.deepEqual(Array.from(p), Array.from(q));
  assert.ok(p.every((x) => x !== 1));
});

test("the run loop on the valley is a hand-written loop, bit for bit, for every optimizer", () => {
  // The bench's baselines: the same arithmetic written out by hand, no mathjs, no parts.
  const { baselines, cases: optimizers } = require(path.join(__dirname, "..", "..", "scripts", "bench", "baselines.js")) as {
    baselines: Record<string, (updates: number, lr: number, start: readonly number[]) => { theta: Float64Array; L: Float64Array; G: Float64Array }>;
    cases: [string, () => A.Optimizer, number][];
  };
  const valley = A.convexValley();
  assert.deepEqual(optimizers.map(([name]) => name).sort(), Object.keys(baselines).sort(), "every baseline is checked");
  for (const [name, make, lr] of optimizers) {
    const mine = A.run({ surface: valley, optimizer: make(), updates: 2000 });
    const ref = baselines[name](2000, lr, valley.start!);
    assert.deepEqual(mine.theta, ref.theta, `${name}: θ`);
    assert.deepEqual(mine.loss, ref.L, `${name}: loss`);
    assert.deepEqual(mine.gradNorm, ref.G, `${name}: ‖g‖`);
  }
});

test("compiled surfaces compute shared subterms once and agree with mathjs's own evaluation", () => {
  const formulas = ["(1 - x)^2 + 100 * (y - x^2)^2", "0.02 * (x - 3)^2 - 1.5 * tanh(3 * x) + 0.5 * (y - 0.2 * x^2)^2", "sin(x * y) + (x * y)^2 + exp(x * y) / (1 + (x * y)^2)"];
  const random = A.seededRandom(3).uniform;
  for (const expression of formulas) {
    const s = A.surface(expression, { variables: ["x", "y"] });
    const node = parse(expression);
    const exact = [node, derivative(node, "x"), derivative(node, "y")].map((n) => n.compile());
    const g = new Float64Array(2);
    for (let k = 0; k < 50; k++) {
      const x = (random() - 0.5) * 4, y = (random() - 0.5) * 4;
      const L = s.lossAndGradient!(Float64Array.of(x, y), g);
      const [f, fx, fy] = exact.map((c) => c.evaluate({ x, y }) as number);
      for (const [mine, ref] of [[L, f], [g[0], fx], [g[1], fy]]) {
        assert.ok(Math.abs(mine - ref) <= 1e-13 * Math.max(1, Math.abs(ref)), `${expression} at (${x}, ${y}): ${mine} vs ${ref}`);
      }
      assert.equal(s.loss(Float64Array.of(x, y)), L, "loss alone and with the gradient agree exactly");
    }
  }
});
