export * from "./data";
export * from "./mlp";
export * from "./hessian";
