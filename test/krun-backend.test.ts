// The krun backend's VM process for real (a child process running the built krun-vm.js,
// loading the real addon), against the stand-in libkrun: libkrun cannot boot a VM here, so
// the stand-in plays the guest's side of vsock port 4088 by joining libkrun's unix socket to
// a real agent process on this host. What the real libkrun would do inside the VM is not
// tested here.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import { PROTO_LOADER_OPTIONS, agentDescriptor } from "../common/proto";
import type { ProtoGrpcType } from "../common/generated/agent";
import { buildKrunStandin, readKrunCalls } from "./support/krun-standin";
import { isAlive } from "./support/vm-processes";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import type { VmProcess, VmSpec } from "../runtime/vm/backend";
import { KrunBackend } from "../runtime/vm/krun/krun-backend";
import { VmManager } from "../runtime/vm/vm-manager";

let dir: string;
let standin: string;
let agent: ChildProcess;
let agentPort: number;
let gateway: Server;
let gatewayPort: number;
let vmCount = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "a3s-krunvm-"));
  standin = buildKrunStandin(dir);
  // The first bytes of each architecture's kernel: libkrun is told which format it gets.
  const elf = Buffer.alloc(64);
  elf.write("\x7fELF", 0, "latin1");
  writeFileSync(join(dir, "vmlinux"), elf);
  const image = Buffer.alloc(64);
  image.writeUInt32LE(0x644d5241, 56);
  writeFileSync(join(dir, "Image"), image);
  writeFileSync(join(dir, "bzImage"), Buffer.alloc(64, 0x90));
  agent = spawn(process.execPath, [join(import.meta.dirname, "../dist/cli/main.js"), "agent", "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(createInterface({ input: agent.stdout! }), "line")) as [string];
  agentPort = Number(line.split(":").at(-1));
  gateway = createServer((req, res) => res.end(`gateway saw ${req.method} ${req.url}`));
  gateway.listen(0, "127.0.0.1");
  await once(gateway, "listening");
  gatewayPort = (gateway.address() as AddressInfo).port;
});

afterAll(async () => {
  if (agent && agent.exitCode === null) {
    agent.kill("SIGTERM");
    await once(agent, "exit");
  }
  gateway?.closeAllConnections();
  gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

function vmSpec(network: VmSpec["network"]): VmSpec {
  const runDir = join(dir, `vm${++vmCount}`);
  mkdirSync(runDir);
  return {
    id: `vm${vmCount}`,
    kernel: join(dir, "vmlinux"),
    initramfs: "/cache/initramfs.cpio.gz",
    cpus: 2,
    memoryMiB: 1024,
    agentLayer: { dir: "/cache/agent", image: "/cache/agent.img" },
    shares: [
      { tag: "a3swork", hostPath: "/home/me/project", readOnly: false },
      { tag: "a3sroot", hostPath: "/cache/rootfs", readOnly: true },
    ],
    network,
    gatewayPort,
    guestAgentPort: 4088,
    runDir,
    serialLogPath: join(runDir, "console.log"),
  };
}

function backendWith(env: NodeJS.ProcessEnv, logName: string): KrunBackend {
  return new KrunBackend({
    env: { A3S_LIBKRUN_PATH: standin, KRUN_STANDIN_LOG: join(dir, logName), KRUN_STANDIN_GUEST_PORT: String(agentPort), ...env },
  });
}

async function healthOver(address: string): Promise<unknown> {
  const proto = grpc.loadPackageDefinition(protoLoader.fromJSON(agentDescriptor, PROTO_LOADER_OPTIONS)) as unknown as ProtoGrpcType;
  const client = new proto.a3s.box.v1.AgentService(address, grpc.credentials.createInsecure());
  try {
    return await new Promise((resolve, reject) =>
      client.HealthCheck({}, { deadline: Date.now() + 10_000 }, (err, res) => (err ? reject(err) : resolve(res))),
    );
  } finally {
    client.close();
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const start = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
  }
}

describe("check", () => {
  it("reports VM_UNAVAILABLE with install instructions when libkrun is absent", async () => {
    const backend = new KrunBackend({ env: { A3S_LIBKRUN_PATH: join(dir, "no/libkrun.so.1") } });
    const error = await backend.check().then(() => undefined, (e: unknown) => e);
    expect(A3sError.is(error, "VM_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toMatch(/libkrun is not installed or cannot be opened.*(libkrunfw|brew)/s);
  });
});

describe("a VM process", () => {
  let vm: VmProcess | undefined;
  let spec: VmSpec;

  it("configures libkrun from the spec, enters the VM and serves the agent on the vsock socket", async () => {
    spec = vmSpec("llm");
    vm = await backendWith({}, "llm.jsonl").launch(spec);
    expect(vm.agentAddress).toBe(`unix:${join(spec.runDir, "agent.sock")}`);
    await waitFor(() => existsSync(join(spec.runDir, "agent.sock")), "the agent socket");
    expect(await healthOver(vm.agentAddress)).toMatchObject({ status: "ok" });

    const calls = readKrunCalls(join(dir, "llm.jsonl"));
    expect(calls).toEqual([
      ["krun_create_ctx"],
      ["krun_set_vm_config", 0, 2, 1024],
      ["krun_set_kernel", 0, join(dir, "vmlinux"), 1, "/cache/initramfs.cpio.gz", "console=hvc0 panic=-1 quiet a3s.vsock=2"],
      ["krun_add_virtiofs3", 0, "a3sagent", "/cache/agent", 0, true],
      ["krun_add_virtiofs3", 0, "a3swork", "/home/me/project", 0, false],
      ["krun_add_virtiofs3", 0, "a3sroot", "/cache/rootfs", 0, true],
      ["krun_disable_implicit_vsock", 0],
      ["krun_add_vsock", 0, 0],
      ["krun_add_vsock_port2", 0, 4088, join(spec.runDir, "agent.sock"), true],
      ["krun_add_vsock_port2", 0, 4089, join(spec.runDir, "gateway.sock"), false],
      ["krun_set_console_output", 0, spec.serialLogPath],
      ["krun_start_enter", 0],
    ]);
    await waitFor(() => vm!.serialTail().includes("krun-standin: VM 0 running"), "the console line");
  });

  it("joins the guest's gateway port to the box's gateway", async () => {
    const socket = connect(join(spec.runDir, "gateway.sock"));
    socket.end("GET /from-guest HTTP/1.1\r\nHost: 10.0.2.100\r\nConnection: close\r\n\r\n");
    let answer = "";
    for await (const chunk of socket) answer += String(chunk);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answer).toContain("gateway saw GET /from-guest");
  });

  it("kills the VM process and cleans up its sockets", async () => {
    const { pid } = vm!;
    expect(isAlive(pid)).toBe(true);
    await vm!.kill();
    expect(await vm!.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(isAlive(pid)).toBe(false);
    await vm!.kill();
    await waitFor(() => !existsSync(join(spec.runDir, "gateway.sock")), "the gateway socket to go");
    expect(existsSync(join(spec.runDir, "agent.sock"))).toBe(false);
  });
});

describe("under VmManager", () => {
  it("is ready once the agent answers with the box's token, and failed when the VM process dies", async () => {
    const token = "krun-box-token-0123456789abcdef";
    const guarded = spawn(process.execPath, [join(import.meta.dirname, "../dist/cli/main.js"), "agent", "--listen", "127.0.0.1:0", "--token", token], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [line] = (await once(createInterface({ input: guarded.stdout! }), "line")) as [string];
      const manager = new VmManager({ readiness: checkAgentHealth, bootTimeoutMs: 20_000 });
      const { serialLogPath: _, ...spec } = vmSpec("llm");
      const backend = backendWith({ KRUN_STANDIN_GUEST_PORT: line.split(":").at(-1)! }, "managed.jsonl");
      const vm = manager.create(backend, spec, token);
      await vm.start();
      expect(vm.state).toBe("ready");
      expect(vm.agentAddress).toBe(`unix:${join(spec.runDir, "agent.sock")}`);

      process.kill(vm.pid!, "SIGKILL");
      await waitFor(() => vm.state === "failed", "the VM to be reported failed");
      expect(vm.failure?.code).toBe("VM_FAILED");
      expect(vm.failure?.message).toContain("was killed by SIGKILL");
      expect(vm.failure?.message).toContain("krun-standin: VM 0 running");
      await vm.destroy();
      expect(existsSync(spec.runDir)).toBe(false);
    } finally {
      guarded.kill("SIGTERM");
      await once(guarded, "exit");
    }
  });
});

describe("network policy", () => {
  it("never gives TSI (the host's sockets, loopback included): `full` goes out through the egress proxy's vsock port; `none` has no gateway port", async () => {
    const full = await backendWith({ KRUN_STANDIN_ENTER: "exit:0" }, "full.jsonl").launch({ ...vmSpec("full"), egressProxyPort: gatewayPort });
    await full.exited;
    const fullCalls = readKrunCalls(join(dir, "full.jsonl"));
    expect(fullCalls).toContainEqual(["krun_add_vsock", 0, 0]);
    expect(fullCalls.filter((call) => call[0] === "krun_set_port_map")).toEqual([]);
    expect(fullCalls.filter((call) => call[0] === "krun_add_vsock_port2").map((call) => call[2])).toEqual([4088, 4089, 4090]);

    const none = await backendWith({ KRUN_STANDIN_ENTER: "exit:0" }, "none.jsonl").launch({ ...vmSpec("none"), gatewayPort: undefined });
    await none.exited;
    const noneCalls = readKrunCalls(join(dir, "none.jsonl"));
    expect(noneCalls).toContainEqual(["krun_add_vsock", 0, 0]);
    expect(noneCalls.filter((call) => call[0] === "krun_add_vsock_port2").map((call) => call[2])).toEqual([4088]);
  });

  it("refuses host ports, which it cannot wire yet", async () => {
    await expect(backendWith({ KRUN_STANDIN_ENTER: "exit:0" }, "ports.jsonl").launch({ ...vmSpec("llm"), hostPorts: [11434] })).rejects.toThrow(
      "host ports are not supported by the krun backend yet",
    );
  });
});

describe("guest kernels", () => {
  it("gives libkrun an arm64 Image as RAW (0) and an x86_64 vmlinux as ELF (1)", async () => {
    const arm64 = await backendWith({ KRUN_STANDIN_ENTER: "exit:0" }, "arm64.jsonl").launch({ ...vmSpec("llm"), kernel: join(dir, "Image") });
    await arm64.exited;
    expect(readKrunCalls(join(dir, "arm64.jsonl")).find((call) => call[0] === "krun_set_kernel")?.slice(2, 4)).toEqual([join(dir, "Image"), 0]);
  });

  it("refuses a kernel that is neither, before starting a VM process", async () => {
    await expect(backendWith({}, "bz.jsonl").launch({ ...vmSpec("llm"), kernel: join(dir, "bzImage") })).rejects.toThrow(
      /guest kernel .*bzImage is neither an ELF vmlinux nor an arm64 Image/,
    );
    await expect(backendWith({}, "none.jsonl").launch({ ...vmSpec("llm"), kernel: join(dir, "no-kernel") })).rejects.toThrow(/cannot read the guest kernel/);
    expect(existsSync(join(dir, "bz.jsonl"))).toBe(false);
  });
});

describe("failures", () => {
  it("reports the guest's exit status when the VM ends", async () => {
    const vm = await backendWith({ KRUN_STANDIN_ENTER: "exit:3" }, "exit.jsonl").launch(vmSpec("llm"));
    expect(await vm.exited).toEqual({ code: 3, signal: null });
  });

  it("exits with libkrun's refusal in the console log", async () => {
    const vm = await backendWith({ KRUN_STANDIN_FAIL: "krun_add_virtiofs3" }, "fail.jsonl").launch(vmSpec("llm"));
    expect(await vm.exited).toEqual({ code: 1, signal: null });
    expect(vm.serialTail()).toContain("a3s-box krun: krun_add_virtiofs3 failed: Invalid argument");
  });
});
