// crictl's call sequences replayed with a grpc-js client on the vendored CRI api.proto,
// against `a3s-box cri` booting real VMs (QEMU, TCG here). One pod sandbox (one VM) holds
// every container: runp → create → start → exec -s → logs → ps/pods/inspect → stop → rm;
// a container that exits non-zero; the idempotence critest checks; and the VM killed under
// the sandbox, which its status then reports. Each sequence starts with crictl's handshakes.
// `--metrics-listen` is scraped over real HTTP along the way: the box gauge follows the pod.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../runtime/image";
import { startCriServer, type CriServer } from "../runtime/cri/cri-server";
import { busyboxLayer } from "./support/busybox-layer";
import { buildImage } from "./support/oci-builder";
import { TestRegistry } from "./support/registry";
import { parsePrometheusText, sampleValue, type Sample } from "./support/prometheus-text";
import { isAlive } from "./support/vm-processes";
import { openChannelStream } from "./cri/channel-stream";
import { criClient, type CriClient } from "./cri/cri-client";

const work = mkdtempSync(join(tmpdir(), "a3s-cri-vm-"));
const logDirectory = join(work, "pods", "default_web_1");
const image = buildImage({ layers: [busyboxLayer(), [{ path: "srv/app/hello.txt", data: "from the image\n" }]], config: { Env: ["PATH=/bin", "FROM_IMAGE=yes"], Cmd: ["/bin/sh"] } });
let registry: TestRegistry;
let server: CriServer;
let cri: CriClient;
let imageRef: string;

/** crictl's handshakes: Version on the runtime connection, ImageFsInfo on the image one. */
async function handshakes(): Promise<void> {
  expect((await cri.runtime.Version({ version: "v1" })).runtimeApiVersion).toBe("v1");
  expect((await cri.image.ImageFsInfo({})).imageFilesystems).toHaveLength(1);
}

const sandboxConfig = {
  metadata: { name: "web", namespace: "default", uid: "uid-1", attempt: 0 },
  hostname: "web-0",
  logDirectory,
  labels: { app: "web" },
  annotations: { "a3s.box/network": "none", team: "agents" },
  linux: { resources: { memoryLimitInBytes: String(512 * 1024 * 1024) } },
};

/** The samples of one scrape of the server's `/metrics`. */
async function scrape(): Promise<Sample[]> {
  const answer = await fetch(server.metrics!.url, { headers: { authorization: `Bearer ${server.metrics!.token}` } });
  expect(answer.status).toBe(200);
  return parsePrometheusText(await answer.text());
}

/** `a3s_box_boxes` by state, leaving out states with no box. */
async function boxGauge(): Promise<Record<string, number>> {
  return Object.fromEntries((await scrape()).filter((s) => s.name === "a3s_box_boxes" && s.value > 0).map((s) => [s.labels.state, s.value]));
}

function containerConfig(name: string, command: string[], extra: Record<string, unknown> = {}) {
  return { metadata: { name, attempt: 0 }, image: { image: imageRef }, command, logPath: `${name}/0.log`, labels: { container: name }, ...extra };
}

async function grpcError(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  return (await promise.then(() => undefined, (e: unknown) => e)) as grpc.ServiceError;
}

beforeAll(async () => {
  registry = await TestRegistry.start();
  await registry.pushImage("demo/busybox", "1", image);
  server = await startCriServer({
    listen: `unix://${join(work, "cri.sock")}`,
    version: "0.0.0-test",
    store: new ImageStore({ root: join(work, "store") }),
    stateDir: join(work, "state"),
    runtimeHandlers: ["a3s-box"],
    bootTimeoutMs: 300_000,
    metrics: { listen: "127.0.0.1:0" },
  });
  cri = criClient(server.address);
  await handshakes();
  imageRef = (await cri.image.PullImage({ image: { image: `${registry.host}/demo/busybox:1` } })).imageRef;
}, 120_000);

afterAll(async () => {
  cri?.close();
  await server?.close();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

it("runs a pod's containers in one microVM, from runp to rmp", async () => {
  await handshakes();
  const refused = await grpcError(cri.runtime.RunPodSandbox({ config: sandboxConfig, runtimeHandler: "runc" }));
  expect(refused.code).toBe(grpc.status.INVALID_ARGUMENT);
  expect(refused.details).toMatch(/unknown runtime handler "runc"/);

  // runp, the box gauge moving from booting to ready and the boot counted
  expect(await boxGauge()).toEqual({});
  const started = cri.runtime.RunPodSandbox({ config: sandboxConfig, runtimeHandler: "a3s-box" });
  await expect.poll(boxGauge, { interval: 50, timeout: 60_000 }).toEqual({ booting: 1 });
  const { podSandboxId } = await started;
  expect(await boxGauge()).toEqual({ ready: 1 });
  // A pod sandbox boots its VM cold (no templates, no pool): the boot metric says so.
  expect(sampleValue(await scrape(), "a3s_box_boot_duration_seconds_count", { outcome: "ready", start: "cold" })).toBe(1);
  const pod = (await cri.runtime.PodSandboxStatus({ podSandboxId, verbose: true })).status;
  expect(pod).toMatchObject({ id: podSandboxId, state: "SANDBOX_READY", labels: sandboxConfig.labels, annotations: sandboxConfig.annotations, runtimeHandler: "a3s-box" });
  expect(pod.metadata).toMatchObject({ name: "web", namespace: "default" });
  const vmPid = JSON.parse((await cri.runtime.PodSandboxStatus({ podSandboxId, verbose: true })).info.info).vmPid as number;
  expect(isAlive(vmPid)).toBe(true);

  // create + start, with env, working dir, a read-only mount and a log file
  await handshakes();
  const mounted = join(work, "config.txt");
  writeFileSync(mounted, "mounted from the host\n");
  const { containerId: main } = await cri.runtime.CreateContainer({
    podSandboxId,
    sandboxConfig,
    config: containerConfig("main", ["/bin/sh", "-c", "echo hello-out; echo hello-err >&2; cat /etc/app/config.txt; hostname; exec sleep 1000"], {
      envs: [{ key: "GREETING", value: "hi there" }],
      workingDir: "/srv/app",
      mounts: [{ containerPath: "/etc/app/config.txt", hostPath: mounted, readonly: true }],
    }),
  });
  expect((await cri.runtime.ContainerStatus({ containerId: main })).status.state).toBe("CONTAINER_CREATED");
  await cri.runtime.StartContainer({ containerId: main });
  const running = (await cri.runtime.ContainerStatus({ containerId: main })).status;
  expect(running).toMatchObject({ state: "CONTAINER_RUNNING", imageRef, logPath: join(logDirectory, "main/0.log"), labels: { container: "main" } });
  expect(Number(running.startedAt)).toBeGreaterThan(0);

  // exec -s: the container's env, working dir, root, PID namespace and read-only mount (PID 1 is the
  // container's process once its shell has exec'd sleep, which under load may come after the exec starts)
  await handshakes();
  const exec = await cri.runtime.ExecSync({
    containerId: main,
    cmd: ["/bin/sh", "-c", 'echo "$GREETING|$FROM_IMAGE"; pwd; cat hello.txt; for i in $(seq 100); do grep -q ^sleep /proc/1/cmdline && break; sleep 0.1; done; cat /proc/1/cmdline | tr "\\0" " "; echo; ls /workspace /opt/a3s 2>&1 | head -2; echo x > /etc/app/config.txt || echo read-only'],
    timeout: "60",
  });
  const lines = Buffer.from(exec.stdout).toString("utf8").split("\n");
  expect(lines.slice(0, 4)).toEqual(["hi there|yes", "/srv/app", "from the image", "sleep 1000 "]);
  expect(lines.join("\n")).toMatch(/\/workspace: No such file or directory/);
  expect(lines.join("\n")).toContain("read-only");
  const failing = await cri.runtime.ExecSync({ containerId: main, cmd: ["/bin/sh", "-c", "echo oops >&2; exit 7"], timeout: "60" });
  expect(failing.exitCode).toBe(7);
  expect(Buffer.from(failing.stderr).toString()).toBe("oops\n");
  const slow = await grpcError(cri.runtime.ExecSync({ containerId: main, cmd: ["sleep", "30"], timeout: "2" }));
  expect(slow.code).toBe(grpc.status.DEADLINE_EXCEEDED);

  // exec (streaming, crictl exec -i -r websocket): stdin in, stdout and stderr out, the exit status; the URL serves once
  const { url } = await cri.runtime.Exec({ containerId: main, cmd: ["/bin/sh", "-c", "read line; echo got:$line; echo to-err >&2; exit 5"], stdin: true, stdout: true, stderr: true });
  const stream = await openChannelStream(url);
  stream.send("hello over websocket\n");
  stream.closeStdin();
  const status = await stream.status;
  expect(stream.stdout()).toBe("got:hello over websocket\n");
  expect(stream.stderr()).toBe("to-err\n");
  expect(status).toMatchObject({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "5" }] } });
  await expect(openChannelStream(url)).rejects.toThrow(/404/);
  const tty = await grpcError(cri.runtime.Exec({ containerId: main, cmd: ["sh"], tty: true, stdout: true }));
  expect(tty.details).toMatch(/TTY is not supported/);

  // logs: the CRI log file crictl reads itself
  await expect.poll(() => readFileSync(join(logDirectory, "main/0.log"), "utf8").split("\n").length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
  const log = readFileSync(join(logDirectory, "main/0.log"), "utf8").trim().split("\n").map((line) => /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line)!);
  expect(log.every((m) => m !== null && !Number.isNaN(Date.parse(m[1]!)))).toBe(true);
  expect(log.map((m) => [m[2], m[3], m[4]])).toEqual(
    expect.arrayContaining([["stdout", "F", "hello-out"], ["stderr", "F", "hello-err"], ["stdout", "F", "mounted from the host"], ["stdout", "F", "web-0"]]),
  );

  // a container that exits non-zero
  const { containerId: quitter } = await cri.runtime.CreateContainer({ podSandboxId, sandboxConfig, config: containerConfig("quitter", ["/bin/sh", "-c", "echo bye; exit 3"]) });
  await cri.runtime.StartContainer({ containerId: quitter });
  await expect.poll(async () => (await cri.runtime.ContainerStatus({ containerId: quitter })).status.state, { timeout: 60_000 }).toBe("CONTAINER_EXITED");
  expect((await cri.runtime.ContainerStatus({ containerId: quitter })).status).toMatchObject({ exitCode: 3, reason: "Error", message: "" });

  // attach: the main process's stdin and stdout; detaching leaves it running
  const { containerId: echoer } = await cri.runtime.CreateContainer({ podSandboxId, sandboxConfig, config: containerConfig("echoer", ["cat"], { stdin: true }) });
  await cri.runtime.StartContainer({ containerId: echoer });
  const attached = await openChannelStream((await cri.runtime.Attach({ containerId: echoer, stdin: true, stdout: true })).url);
  attached.send("ping\n");
  await attached.waitForStdout("ping\n");
  attached.close();
  expect((await cri.runtime.ContainerStatus({ containerId: echoer })).status.state).toBe("CONTAINER_RUNNING");
  await cri.runtime.RemoveContainer({ containerId: echoer });

  // ps / pods / inspect with filters
  await handshakes();
  const all = (await cri.runtime.ListContainers({})).containers;
  expect(all.map((c: { id: string }) => c.id).sort()).toEqual([main, quitter].sort());
  const runningOnly = (await cri.runtime.ListContainers({ filter: { state: { state: "CONTAINER_RUNNING" } } })).containers;
  expect(runningOnly.map((c: { id: string }) => c.id)).toEqual([main]);
  expect((await cri.runtime.ListContainers({ filter: { labelSelector: { container: "quitter" } } })).containers).toHaveLength(1);
  expect((await cri.runtime.ListPodSandbox({ filter: { labelSelector: { app: "web" } } })).items.map((p: { id: string }) => p.id)).toEqual([podSandboxId]);
  expect((await cri.runtime.ListPodSandbox({ filter: { labelSelector: { app: "db" } } })).items).toEqual([]);

  // stop (sleep as PID 1 ignores TERM: killed after the timeout) and rm, each twice
  await cri.runtime.StopContainer({ containerId: main, timeout: "1" });
  expect((await cri.runtime.ContainerStatus({ containerId: main })).status).toMatchObject({ state: "CONTAINER_EXITED", exitCode: 137 });
  await cri.runtime.StopContainer({ containerId: main, timeout: "1" });
  for (const id of [main, quitter, main]) await cri.runtime.RemoveContainer({ containerId: id });
  expect((await grpcError(cri.runtime.ContainerStatus({ containerId: main }))).code).toBe(grpc.status.NOT_FOUND);
  expect((await cri.runtime.ListContainers({})).containers).toEqual([]);

  // a VM killed under its sandbox: the status says so, its container exits
  const { containerId: orphan } = await cri.runtime.CreateContainer({ podSandboxId, sandboxConfig, config: containerConfig("orphan", ["sleep", "1000"]) });
  await cri.runtime.StartContainer({ containerId: orphan });
  process.kill(vmPid, "SIGKILL");
  await expect.poll(async () => (await cri.runtime.PodSandboxStatus({ podSandboxId })).status.state, { timeout: 30_000 }).toBe("SANDBOX_NOTREADY");
  expect(await boxGauge()).toEqual({ failed: 1 });
  await expect.poll(async () => (await cri.runtime.ContainerStatus({ containerId: orphan })).status.state, { timeout: 30_000 }).toBe("CONTAINER_EXITED");
  const notReady = await grpcError(cri.runtime.CreateContainer({ podSandboxId, sandboxConfig, config: containerConfig("late", ["true"]) }));
  expect(notReady.details).toMatch(/not ready/);

  // stopp / rmp, each twice; nothing of the VM is left
  await handshakes();
  await cri.runtime.StopPodSandbox({ podSandboxId });
  await cri.runtime.StopPodSandbox({ podSandboxId });
  expect((await cri.runtime.PodSandboxStatus({ podSandboxId })).status.state).toBe("SANDBOX_NOTREADY");
  expect(await boxGauge()).toEqual({ stopped: 1 });
  await cri.runtime.RemovePodSandbox({ podSandboxId });
  await cri.runtime.RemovePodSandbox({ podSandboxId });
  expect(await boxGauge()).toEqual({});
  expect((await grpcError(cri.runtime.PodSandboxStatus({ podSandboxId }))).code).toBe(grpc.status.NOT_FOUND);
  expect((await cri.runtime.ListPodSandbox({})).items).toEqual([]);
  expect(isAlive(vmPid)).toBe(false);
}, 20 * 60_000);
