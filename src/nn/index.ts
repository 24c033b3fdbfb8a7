/** `adaptive-lr/nn`: the lecture's small ReLU network on sinc data, its exact Hessian, and gradient clipping. */
export * from "./data";
export * from "./mlp";
export * from "./hessian";
export * from "./clip";
