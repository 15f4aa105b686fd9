export * from "./errors";
export * from "./chunks";
export * from "./session";
export * from "./proto";
export * from "./box-api";
export * from "./hooks";
export * from "./transcript";
export * from "./files";
