/**
 * A learning-rate schedule ηᵗ: a pure function of the 0-based update count t.
 * Plotting one is mapping it over steps: `steps.map(schedule)`.
 */
export type Schedule = (t: number) => number;

/** What every optimizer accepts as `lr`: a constant η or a schedule ηᵗ. */
export type LearningRate = number | Schedule;
