export * from "./surface";
export * from "./formula";
export * from "./presets";
export { FormulaError } from "./compile";
