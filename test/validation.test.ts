/* Every bad hyperparameter gets a torch-style error naming the option and its valid range. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";

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
  ["mlp hidden 0", () => A.mlp({ hidden: 0, data: A.sincData() }), /Invalid number of hidden units: 0/],
  ["seed fractional", () => A.seededRandom(0.5), /Invalid seed: 0.5/],
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
  assert.throws(() => opt.step(p, g), /schedule returned -1 at update t = 2/);
});
