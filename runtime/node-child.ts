/** A Node program to start as a child of this host: the command line and its environment. */
export interface NodeChild {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * How to run `program` with this process's Node. Every Node child of the host goes through
 * here: inside Electron, `process.execPath` is Electron's binary, which without
 * ELECTRON_RUN_AS_NODE starts a second app instance (and the single-instance lock quits it)
 * instead of running the script.
 */
export function nodeChild(program: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): NodeChild {
  return {
    command: process.execPath,
    args: [program, ...args],
    env: process.versions.electron ? { ...env, ELECTRON_RUN_AS_NODE: "1" } : env,
  };
}
