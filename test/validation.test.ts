/* Every bad hyperparameter gets a torch-style error naming the option and its valid range. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";

/** The largest recording `run` accepts (its MAX_RECORDING_BYTES): 2 GiB. */
const MAX_RECORDING_BYTES = 2 ** 31;
import * as Nn from "adaptive-lr/nn";

type Row = [label: string, make: () => unknown, message: RegExp];

const rows: Row[] = [
  ["sgd lr < 0", () => A.sgd({ lr: -1 }), /^Invalid learning rate: -1 \(lr must be a finite number with 0 ≤ lr\)$/],
  ["sgd lr NaN", () => A.sgd({ lr: NaN }), /Invalid learning rate: NaN/],
  ["sgd lr string", () => A.sgd({ lr: "0.1" as never }), /Invalid learning rate: "0.1"/],
  ["sgd momentum < 0", () => A.sgd({ momentum: -0.5 }), /Invalid momentum value: -0.5 \(momentum must be .*0 ≤ momentum/],
  ["sgd dampening > 1", () => A.sgd({ momentum: 0.9, dampening: 2 }), /Invalid dampening value: 2 .*≤ 1/],
  ["sgd nesterov without momentum", () => A.sgd({ nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/],
  ["sgd nesterov with dampening", () => A.sgd({ nesterov: true, momentum: 0.9, dampening: 0.1 }), /Nesterov momentum requires/],
  ["sgd weightDecay < 0", () => A.sgd({ weightDecay: -1 }), /Invalid weight_decay value: -1 \(weightDecay must be/],
  ["sgd nesterov not boolean", () => A.sgd({ momentum: 0.9, nesterov: 1 as never }), /Invalid nesterov: 1 \(nesterov must be true or false\)/],
  ["sgd unknown option", () => A.sgd({ learningRate: 0.1 } as never), /sgd: unknown option 'learningRate'; valid options are lr, momentum/],
  ["adagrad lrDecay < 0", () => A.adagrad({ lrDecay: -1 }), /Invalid lr_decay value: -1 \(lrDecay must be/],
  ["adagrad eps < 0", () => A.adagrad({ eps: -1e-10 }), /Invalid epsilon value: -1e-10 \(eps must be/],
  ["adagrad initialAccumulatorValue < 0", () => A.adagrad({ initialAccumulatorValue: -1 }), /Invalid initial_accumulator_value value: -1/],
  ["adagrad weightDecay < 0", () => A.adagrad({ weightDecay: -1 }), /Invalid weight_decay value/],
  ["rmsprop alpha > 1", () => A.rmsprop({ alpha: 1.5 }), /Invalid alpha value: 1.5 \(alpha must be a finite number with 0 ≤ alpha ≤ 1\)/],
  ["rmsprop alpha < 0", () => A.rmsprop({ alpha: -0.1 }), /Invalid alpha value: -0.1/],
  ["rmsprop momentum < 0", () => A.rmsprop({ momentum: -1 }), /Invalid momentum value: -1/],
  ["rmsprop eps Infinity", () => A.rmsprop({ eps: Infinity }), /Invalid epsilon value: Infinity/],
  ["rmsprop centered not boolean", () => A.rmsprop({ centered: "yes" as never }), /Invalid centered: "yes"/],
  ["adam beta1 = 1", () => A.adam({ betas: [1, 0.999] }), /^Invalid beta parameter at index 0: 1 \(betas\[0\] must be a finite number with 0 ≤ betas\[0\] < 1\)$/],
  ["adam beta2 < 0", () => A.adam({ betas: [0.9, -0.1] }), /Invalid beta parameter at index 1: -0.1/],
  ["adam betas not a pair", () => A.adam({ betas: [0.9] as never }), /Invalid betas: \[0.9\] .*pair/],
  ["adam eps < 0", () => A.adam({ eps: -1 }), /Invalid epsilon value: -1/],
  ["adam weightDecay < 0", () => A.adam({ weightDecay: -0.01 }), /Invalid weight_decay value: -0.01/],
  ["adam amsgrad not boolean", () => A.adam({ amsgrad: 0 as never }), /Invalid amsgrad: 0/],
  ["adamw lr < 0", () => A.adamw({ lr: -1e-3 }), /Invalid learning rate: -0.001/],
  ["radam beta1 > 1", () => A.radam({ betas: [1.1, 0.999] }), /Invalid beta parameter at index 0: 1.1/],
  ["radam unknown option", () => A.radam({ amsgrad: true } as never), /radam: unknown option 'amsgrad'/],
  ["nadam momentumDecay < 0", () => A.nadam({ momentumDecay: -1 }), /Invalid momentum_decay value: -1 \(momentumDecay must be/],
  ["nadam beta2 = 1", () => A.nadam({ betas: [0.9, 1] }), /Invalid beta parameter at index 1: 1/],
  ["adamax beta1 = 1", () => A.adamax({ betas: [1, 0.999] }), /Invalid beta parameter at index 0: 1/],
  ["adamax eps < 0", () => A.adamax({ eps: -1 }), /Invalid epsilon value: -1/],
  ["adamax unknown option", () => A.adamax({ amsgrad: true } as never), /adamax: unknown option 'amsgrad'; valid options are lr, betas, eps, weightDecay/],
  ["adadelta rho > 1", () => A.adadelta({ rho: 1.5 }), /^Invalid rho value: 1.5 \(rho must be a finite number with 0 ≤ rho ≤ 1\)$/],
  ["adadelta eps < 0", () => A.adadelta({ eps: -1 }), /Invalid epsilon value: -1/],
  ["adadelta weightDecay < 0", () => A.adadelta({ weightDecay: -1 }), /Invalid weight_decay value: -1/],
  ["infinityNormScale without options", () => A.infinityNormScale(undefined as never), /^infinityNormScale needs options \{ beta \}/],
  ["adadeltaScale unknown option", () => A.adadeltaScale({ rho: 0.9, beta: 1 } as never), /adadeltaScale: unknown option 'beta'; valid options are rho, eps/],
  ["lectureAdagrad lr < 0", () => A.lectureAdagrad({ lr: -1 }), /Invalid learning rate: -1/],
  ["lectureRmsprop alpha > 1", () => A.lectureRmsprop({ alpha: 2 }), /Invalid alpha value: 2 .*0 ≤ alpha ≤ 1/],
  ["constant lr < 0", () => A.constant(-1), /Invalid learning rate: -1/],
  ["stepDecay stepSize 0", () => A.stepDecay({ lr: 0.1, stepSize: 0 }), /Invalid step_size value: 0 \(stepSize must be an integer with 1 ≤ stepSize\)/],
  ["stepDecay stepSize fractional", () => A.stepDecay({ lr: 0.1, stepSize: 1.5 }), /Invalid step_size value: 1.5/],
  ["stepDecay gamma 0", () => A.stepDecay({ lr: 0.1, stepSize: 10, gamma: 0 }), /Invalid gamma value: 0 \(gamma must be .*0 < gamma ≤ 1\)/],
  ["exponentialDecay gamma > 1", () => A.exponentialDecay({ lr: 0.1, gamma: 1.1 }), /Invalid gamma value: 1.1/],
  ["inverseSqrtDecay lr < 0", () => A.inverseSqrtDecay(-1), /Invalid learning rate: -1/],
  ["cosineAnnealing totalSteps 0", () => A.cosineAnnealing({ lr: 0.1, totalSteps: 0 }), /Invalid totalSteps value: 0/],
  ["cosineAnnealing minLr > lr", () => A.cosineAnnealing({ lr: 0.1, totalSteps: 10, minLr: 1 }), /Invalid minLr value: 1 .*≤ 0.1/],
  ["linearWarmup warmupSteps 0", () => A.linearWarmup({ lr: 0.1, warmupSteps: 0 }), /Invalid warmupSteps value: 0/],
  ["linearWarmup startFactor > 1", () => A.linearWarmup({ lr: 0.1, warmupSteps: 5, startFactor: 2 }), /Invalid startFactor value: 2/],
  ["transformerSchedule dModel 0", () => A.transformerSchedule({ dModel: 0, warmupSteps: 4000 }), /Invalid d_model value: 0/],
  ["transformerSchedule warmupSteps -1", () => A.transformerSchedule({ dModel: 512, warmupSteps: -1 }), /Invalid warmup_steps value: -1/],
  ["warmupCosine totalSteps ≤ warmupSteps", () => A.warmupCosine({ lr: 0.1, warmupSteps: 10, totalSteps: 10 }), /Invalid totalSteps value: 10/],
  ["join boundaries count", () => A.join([A.constant(1), A.constant(2)], []), /join: 2 schedules need 1 boundaries, got 0/],
  ["join boundaries not increasing", () => A.join([A.constant(1), A.constant(2), A.constant(3)], [5, 5]), /Invalid boundary: 5 \(boundaries\[1\] must be an integer with 6 ≤ boundaries\[1\]\)/],
  ["piecewiseConstant negative value", () => A.piecewiseConstant({ boundaries: [5], values: [0.1, -1] }), /Invalid learning rate: -1 \(values\[1\]/],
  ["surface syntax error", () => A.surface("x^2 + (y"), /Cannot parse the expression "x\^2 \+ \(y": Parenthesis \) expected/],
  ["surface unknown function", () => A.surface("x^2 + foo(y)"), /Unknown function "foo" in "x\^2 \+ foo\(y\)"/],
  ["surface unknown variable", () => A.surface("x^2 + z", { variables: ["x", "y"] }), /Unknown variable "z" in "x\^2 \+ z" \(variables are x, y\)/],
  ["surface empty", () => A.surface(""), /Invalid expression: "" \(expression must be a non-empty formula/],
  ["surface bad start", () => A.surface("x^2 + y^2", { start: [1] }), /Invalid start: \[1\] \(start must be 2 finite numbers/],
  ["run updates fractional", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 1.5 }), /Invalid number of updates: 1.5 \(updates must be an integer/],
  ["run start NaN", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 1, start: [NaN, 0] }), /start\[0\] is NaN/],
  ["run start wrong length", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 1, start: [0, 0, 0] }), /start has length 3 but the surface has 2/],
  ["mlp hidden 0", () => Nn.mlp({ hidden: 0, data: Nn.sincData() }), /Invalid number of hidden units: 0/],
  ["seed fractional", () => A.seededRandom(0.5), /Invalid seed: 0.5/],
  // Options left out, misspelt or unknown: every factory names what it takes.
  ...([
    ["stepDecay", () => A.stepDecay(undefined as never), /^stepDecay needs options \{ lr, stepSize \}; valid options are lr, stepSize, gamma$/],
    ["exponentialDecay", () => A.exponentialDecay(undefined as never), /^exponentialDecay needs options \{ lr, gamma \}/],
    ["cosineAnnealing", () => A.cosineAnnealing(undefined as never), /^cosineAnnealing needs options \{ lr, totalSteps \}/],
    ["linearWarmup", () => A.linearWarmup(undefined as never), /^linearWarmup needs options \{ lr, warmupSteps \}/],
    ["transformerSchedule", () => A.transformerSchedule(undefined as never), /^transformerSchedule needs options \{ dModel, warmupSteps \}/],
    ["warmupCosine", () => A.warmupCosine(undefined as never), /^warmupCosine needs options \{ lr, warmupSteps, totalSteps \}/],
    ["piecewiseConstant", () => A.piecewiseConstant(undefined as never), /^piecewiseConstant needs options \{ boundaries, values \}/],
    ["heavyBall", () => A.heavyBall(undefined as never), /^heavyBall needs options \{ momentum \}/],
    ["emaMomentum", () => A.emaMomentum(undefined as never), /^emaMomentum needs options \{ beta \}/],
    ["nesterovEma", () => A.nesterovEma(undefined as never), /^nesterovEma needs options \{ beta, momentumDecay \}/],
    ["rmsScale", () => A.rmsScale(undefined as never), /^rmsScale needs options \{ alpha \}/],
    ["adamScale", () => A.adamScale(undefined as never), /^adamScale needs options \{ beta \}/],
    ["rectifiedScale", () => A.rectifiedScale(undefined as never), /^rectifiedScale needs options \{ beta \}/],
    ["chain", () => A.chain(undefined as never), /^chain needs options \{ lr, parts \}/],
    ["run", () => A.run(undefined as never), /^run needs options \{ surface, optimizer, updates \}/],
  ] as Row[]).map(([name, make, message]): Row => [`${name}() without options`, make, message]),
  ["stepDecay missing stepSize", () => A.stepDecay({ lr: 0.1 } as never), /^stepDecay: missing option stepSize \(required: lr, stepSize\)$/],
  ["warmupCosine warmupSteps NaN blames warmupSteps", () => A.warmupCosine({ lr: 0.1, warmupSteps: NaN, totalSteps: 100 }), /^Invalid warmupSteps value: NaN \(warmupSteps must be an integer with 1 ≤ warmupSteps\)$/],
  ["piecewiseConstant unknown option", () => A.piecewiseConstant({ boundaries: [5], values: [1, 2], boundary: 3 } as never), /piecewiseConstant: unknown option 'boundary'; valid options are boundaries, values/],
  ["adamScale amsGrad (misspelt)", () => A.adamScale({ beta: 0.999, amsGrad: true } as never), /^adamScale: unknown option 'amsGrad'; valid options are beta, eps, amsgrad, biasCorrection$/],
  ["rmsScale unknown option", () => A.rmsScale({ alpha: 0.9, beta: 0.9 } as never), /rmsScale: unknown option 'beta'; valid options are alpha, eps, centered, start/],
  ["rootMeanSquare unknown option", () => A.rootMeanSquare({ epsilon: 1 } as never), /rootMeanSquare: unknown option 'epsilon'; valid options are eps/],
  ["rootSumSquare unknown option", () => A.rootSumSquare({ initial: 1 } as never), /rootSumSquare: unknown option 'initial'/],
  ["heavyBall unknown option", () => A.heavyBall({ momentum: 0.9, beta: 1 } as never), /heavyBall: unknown option 'beta'; valid options are momentum, dampening, nesterov/],
  ["emaMomentum unknown option", () => A.emaMomentum({ beta: 0.9, bias: true } as never), /emaMomentum: unknown option 'bias'/],
  ["chain unknown option", () => A.chain({ lr: 0.1, parts: [], momentum: 0.9 } as never), /^chain: unknown option 'momentum'; valid options are name, lr, parts, weightDecay, decoupled$/],
  ["chain without lr", () => A.chain({ parts: [] } as never), /^chain: lr is required \(a number η, or a schedule t => ηᵗ\)$/],
  ["chain lr string", () => A.chain({ lr: "0.1", parts: [] } as never), /^chain: lr must be a number η or a schedule t => ηᵗ, got "0.1"$/],
  ["chain without parts", () => A.chain({ lr: 0.1 } as never), /^chain: parts must be an array of parts .*\[\] is plain gradient descent$/],
  ["chain part not an object", () => A.chain({ lr: 0.1, parts: [0.9] } as never), /^chain: parts\[0\] must be a part such as heavyBall\(…\) or rmsScale\(…\), got 0.9$/],
  ["chain part factory not called", () => A.chain({ lr: 0.1, parts: [A.heavyBall] } as never), /chain: parts\[0\] must be a part/],
  ["chain part bad role", () => A.chain({ lr: 0.1, parts: [{ ...A.rootSumSquare(), role: "sigma" }] } as never), /parts\[0\] \(σ[^)]*\) has role "sigma"; a part's role is "momentum" or "scale"/],
  ["chain part without update", () => A.chain({ lr: 0.1, parts: [{ name: "mine", role: "scale", init() {}, reset() {} }] } as never), /parts\[0\] \(mine\) has no update\(\) method/],
  ["chain part malformed rule", () => A.chain({ lr: 0.1, parts: [{ name: "mine", role: "scale", init() {}, reset() {}, update() {}, rule: { code: 1 } }] } as never), /parts\[0\] \(mine\) has a malformed rule/],
  ["surface unknown option", () => A.surface("x^2", { variable: ["x"] } as never), /^surface: unknown option 'variable'; valid options are name, variables, window, start, minimum$/],
  ["surface duplicate variables", () => A.surface("x^2 + y^2", { variables: ["x", "y", "x"] }), /^Invalid variables: "x" is named twice in \[x, y, x\] \(each parameter needs its own name\)$/],
  ["run unknown option", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 5, steps: 5 } as never), /^run: unknown option 'steps'; valid options are surface, optimizer, start, updates, recordSigma, every$/],
  ["run without surface", () => A.run({ optimizer: A.sgd(), updates: 5 } as never), /^run: surface must be a surface/],
  ["run optimizer not made", () => A.run({ surface: A.saddle(), optimizer: A.sgd, updates: 5 } as never), /^run: optimizer must be an optimizer such as sgd\(…\) or adam\(…\)$/],
  ["trajectory point fractional", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 3 }).point(1.5), /^Invalid point index: 1.5 \(k must be an integer with 0 ≤ k ≤ 3\)$/],
  ["trajectory point past the end", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 3 }).point(4), /Invalid point index: 4/],
  ["trajectory point negative", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 3 }).point(-1), /Invalid point index: -1/],
  ["trajectory coordinate out of range", () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 3 }).coordinate(2), /^Invalid coordinate index: 2 \(i must be an integer with 0 ≤ i ≤ 1\)$/],
];

for (const [label, make, message] of rows) {
  test(`rejects ${label}`, () => {
    assert.throws(make, (e: Error) => {
      assert.match(e.message, message);
      return true;
    });
  });
}

test("step rejects mismatched, empty, wrongly typed and resized arrays", () => {
  const opt = A.adam();
  assert.throws(() => opt.step(new Float64Array(2), new Float64Array(3)), /grads has length 3 but params has length 2/);
  assert.throws(() => opt.step(new Float64Array(0), new Float64Array(0)), /params is empty/);
  assert.throws(() => opt.step([1, 2] as never, new Float64Array(2)), /params must be a Float64Array/);
  opt.step(new Float64Array(2), new Float64Array(2));
  assert.throws(() => opt.step(new Float64Array(3), new Float64Array(3)), /first used with 2 parameters/);
});

test("a schedule that returns a bad learning rate is reported with its update", () => {
  const opt = A.sgd({ lr: (t) => (t < 2 ? 0.1 : -1) });
  const p = new Float64Array(1);
  const g = new Float64Array([1]);
  opt.step(p, g);
  opt.step(p, g);
  assert.throws(() => opt.step(p, g), /^RangeError: SGD: the learning-rate schedule lr returned -1 at update t = 2 \(ηᵗ must be a finite number ≥ 0\)$/);
});

test("a schedule must return a number: a string, true or null is refused, naming the schedule and t", () => {
  const p = new Float64Array(1);
  const g = new Float64Array([1]);
  for (const [value, shown] of [["0.1", '"0.1" \\(a string\\)'], [true, "true \\(a boolean\\)"], [null, "null \\(null\\)"], [undefined, "undefined \\(nothing was returned\\)"]] as const) {
    const warm = (t: number) => (t < 1 ? 0.1 : value) as number;
    const opt = A.adam({ lr: warm });
    opt.step(p, g);
    assert.throws(() => opt.step(p, g), new RegExp(`^RangeError: Adam: the learning-rate schedule warm returned ${shown} at update t = 1`));
    assert.equal(opt.lr, 0.1, "the bad value never becomes opt.lr");
  }
});

test("a part belongs to one optimizer: a second one is refused, naming the first", () => {
  const scale = A.adamScale({ beta: 0.999 });
  A.chain({ name: "first", lr: 0.1, parts: [scale] });
  assert.throws(() => A.chain({ name: "second", lr: 0.1, parts: [scale] }), /^TypeError: chain: parts\[0\] \(σ[^)]*\) already belongs to the optimizer first: a part keeps its optimizer's state, so make a new one for each optimizer$/);
  const m = A.heavyBall({ momentum: 0.9 });
  assert.throws(() => A.chain({ lr: 0.1, parts: [m, m] }), /parts\[1\] \(m: momentum\) is the same part as parts\[0\]/);
  // A failed chain leaves its parts free.
  assert.throws(() => A.chain({ lr: -1, parts: [m] }), /Invalid learning rate/);
  A.chain({ lr: 0.1, parts: [m] });
});

test("run refuses up front a recording that would not fit in memory, with the figure", () => {
  const make = (updates: number) => () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates });
  assert.throws(make(1e9), /^RangeError: run: recording 1,000,000,000 updates of 2 parameters would need 37\.3 GiB \(θ, loss, ‖g‖ and ηᵗ for every update\); the limit is 2\.00 GiB, so at most 53,687,090 recorded updates here\. Record every k-th only with every: 19 \(every 19th update and the last\)/);
  assert.throws(make(2 ** 32), /would need 160 GiB/);
  const most = Math.floor(MAX_RECORDING_BYTES / (8 * 5)) - 1;
  assert.throws(make(most + 1), /so at most 53,687,090 recorded updates here\. Record every k-th only with every: 2 /);
  // The stride it offers fits: the same run with it is accepted (checked without running 10⁹ updates).
  const fits = (updates: number, every: number) => (Math.floor(updates / every) + 1 + (updates % every ? 1 : 0)) * 8 * 5 <= MAX_RECORDING_BYTES;
  assert.ok(fits(1e9, 19) && !fits(1e9, 18));
  assert.doesNotThrow(() => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 10 }));
});

test("a surface's gradient and Hessian make their own array when out is left out", () => {
  const s = A.surface("x^2 + 3*x*y");
  assert.deepEqual(Array.from(s.gradient([1, 2])), [8, 3]);
  assert.deepEqual(Array.from(s.hessian([1, 2])), [2, 3, 3, 0]);
  assert.throws(() => s.gradient([1, 2], [0, 0] as never), /gradient: out must be a Float64Array of length 2/);
  assert.throws(() => s.lossAndGradient!([1, 2], undefined as never), /lossAndGradient: give out, a Float64Array of length 2/);
});
