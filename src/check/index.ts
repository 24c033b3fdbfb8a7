export * from "./claim";
export * from "./options";
export * from "./random";
