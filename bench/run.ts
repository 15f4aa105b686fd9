// `npm run bench`: every benchmark, one after another.
export {};
await import("./agent-bench");
await import("./gateway-bench");
await import("./vm-bench");
