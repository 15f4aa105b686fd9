// A VmBackend whose "VM" is a plain host process: the real agent bundle (or any program),
// with its output as the serial log. It lets the VmManager's lifecycle (states, readiness,
// timeouts, dead-process detection) be tested in seconds; real VMs are tested in test/vm-*.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import type { VmBackend, VmExit, VmProcess, VmSpec } from "../../runtime/vm/backend";
import { CappedLog } from "../../runtime/vm/capped-log";

export class HostProcessBackend implements VmBackend {
  readonly name = "qemu" as const;
  /** The "guest" is on the host: it would reach services on the host's loopback directly. */
  readonly guestEndpoints = { gatewayUrl: "http://127.0.0.1", proxyUrl: "http://127.0.0.1:3128", hostAddress: "127.0.0.1" };
  launched: number[] = [];

  /** `program(port, spec)` gives the command line to run for a VM whose agent listens on `port`. */
  constructor(private readonly program: (port: number, spec: VmSpec) => string[]) {}

  async check(): Promise<void> {}

  async launch(spec: VmSpec): Promise<VmProcess> {
    const port = await freePort();
    const [command, ...args] = this.program(port, spec);
    const log = new CappedLog(spec.serialLogPath);
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (c: Buffer) => log.write(c));
    child.stderr.on("data", (c: Buffer) => log.write(c));
    const exited = new Promise<VmExit>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    this.launched.push(child.pid!);
    return {
      pid: child.pid!,
      start: "cold",
      agentAddress: `127.0.0.1:${port}`,
      exited,
      serialTail: (n) => log.tail(n),
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      },
    };
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}
