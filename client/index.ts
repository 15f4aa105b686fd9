export { A3sClient } from "./a3s-client";
export { getConfig, type A3sConfig } from "./config";
export type * from "./client-types";
