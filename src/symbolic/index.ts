/** Symbolic facts about learning-rate rules, derived with mathjs. */
export * from "./powerLaws";
