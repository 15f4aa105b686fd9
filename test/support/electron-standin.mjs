// Preload (`node --import`) that makes this process look like Electron's main process to the
// runtime: process.versions.electron is set and process.execPath is the stand-in binary
// named by A3S_STANDIN_ELECTRON (which acts as Node only with ELECTRON_RUN_AS_NODE=1).
Object.defineProperty(process.versions, "electron", { value: "39.0.0-standin", enumerable: true });
process.execPath = process.env.A3S_STANDIN_ELECTRON;
