/**
 * A learning-rate schedule ηᵗ: a pure function of the 0-based update count t.
 * Plotting one is mapping it over steps: `steps.map(schedule)`.
 */
export type Schedule = (t: number) => number;

/** What every optimizer accepts as `lr`: a constant η or a schedule ηᵗ. */
export type LearningRate = number | Schedule;

const constants = new WeakMap<Schedule, number>();

/** ηᵗ = lr at every update, marked as constant so that an optimizer need not call it per update. */
export function fixedRate(lr: number): Schedule {
  const schedule: Schedule = () => lr;
  constants.set(schedule, lr);
  return schedule;
}

/** The η of a schedule made by {@link fixedRate}, or undefined for any other schedule. */
export function fixedRateOf(schedule: Schedule): number | undefined {
  return constants.get(schedule);
}
