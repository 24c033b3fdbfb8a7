export * from "./derivation";
export { parseDomain, type Domain } from "./domain";
