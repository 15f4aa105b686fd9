// The krun guest path's vsock bridge (guest/init/vsock-bridge) in a real guest. libkrun cannot
// run here and QEMU here has no vsock device, so one QEMU box boots with the kernel word
// a3s.vsock=1: init loads the vsock modules and bridges toward CID 1, the guest itself through
// the kernel's vsock_loopback. Processes in the guest (bash tool calls) then stand in for the
// host's side: they reach the agent through vsock port 4088, and a fake gateway and egress
// proxy listening on vsock ports 4089 and 4090 through the guest's 127.0.0.1:4089 and :4090.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../common/chunks";
import { Box } from "../runtime/box/box";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import { QemuBackend } from "../runtime/vm/qemu/qemu-backend";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const workspace = mkdtempSync(join(tmpdir(), "vm-krun-guest-ws-"));
let box: Box;
let models: ModelServer;
let session: string;

beforeAll(async () => {
  models = await ModelServer.start();
  const artifacts = await ensureGuestArtifacts();
  const backend = new QemuBackend({
    kernel: artifacts.kernel,
    floorInitramfs: artifacts.floorInitramfs,
    cacheDir: guestCacheDir(),
    kernelWords: ["a3s.vsock=1"],
  });
  box = await Box.create({
    workspace,
    backend,
    // Software emulation on a shared 2-core machine: a boot can take minutes under load.
    bootTimeoutMs: 900_000,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" },
  });
  session = await box.client.createSession();
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** One bash tool call in the box; its output (with the exit code line). */
async function bash(command: string): Promise<string> {
  models.script(toolCalls([{ name: "bash", args: { command, timeout_ms: 120_000 } }]), reply("done"));
  const result = await box.client.generate(session, "go");
  const [tool] = result.toolResults as ToolResult[];
  return tool!.output;
}

const SOCAT = "/opt/a3s/lib/ld.so --library-path /opt/a3s/lib /opt/a3s/bin/socat";

// A gRPC HealthCheck without the token, over HTTP/2 from the guest's own Node: the agent's
// answer (UNAUTHENTICATED, its message) shows who answered.
const HEALTH_CHECK = `
const http2 = require("node:http2");
const say = (h) => { console.log("grpc-status " + h["grpc-status"] + ": " + decodeURIComponent(h["grpc-message"])); session.close(); };
const session = http2.connect("http://127.0.0.1:" + process.argv[2]);
session.on("error", (e) => { console.log("error " + e.code); process.exit(0); });
const req = session.request({ ":method": "POST", ":path": "/a3s.box.v1.AgentService/HealthCheck", "content-type": "application/grpc", te: "trailers" });
req.on("trailers", (t) => { say(t); });
req.on("response", (h) => { if (h["grpc-status"]) say(h); });
req.on("data", () => {});
req.end(Buffer.alloc(5));
`;

it("joins vsock port 4088 to the agent", async () => {
  const out = await bash(
    `cat > /tmp/health.js <<'EOF'\n${HEALTH_CHECK}\nEOF\n` +
      // A TCP port in front of the guest's vsock 4088, since Node cannot open vsock itself.
      `${SOCAT} TCP-LISTEN:5088,bind=127.0.0.1,reuseaddr,fork VSOCK-CONNECT:1:4088 &\n` +
      `until ${SOCAT} -u /dev/null TCP:127.0.0.1:5088 2>/dev/null; do sleep 0.1; done\n` +
      `echo "through vsock: $(timeout 60 /opt/a3s/bin/a3s-node /tmp/health.js 5088)"\n` +
      // Control: a vsock port with nothing behind it.
      `${SOCAT} -T 5 - VSOCK-CONNECT:1:4087 </dev/null 2>&1 | grep -o 'Connection reset by peer\\|Connection refused' | head -1 | sed 's/^/vsock 4087: /'\n` +
      `kill %1`,
  );
  expect(out).toMatch(/^through vsock: grpc-status 16: missing or wrong token/m);
  expect(out).toMatch(/^vsock 4087: Connection (reset by peer|refused)$/m);
}, 10 * 60_000);

it("joins the guest's 127.0.0.1:4089 and :4090 to vsock ports 4089 and 4090 (gateway, egress proxy)", async () => {
  const out = await bash(
    // Fake services: an answer 2 s after the question (readiness probes send none).
    `for port in 4089 4090; do ${SOCAT} -t 30 VSOCK-LISTEN:$port,reuseaddr,fork SYSTEM:"read line || exit 0; sleep 2; echo vsock $port got \\$line" & done\n` +
      `for port in 4089 4090; do until ${SOCAT} -u /dev/null VSOCK-CONNECT:1:$port 2>/dev/null; do sleep 0.1; done; done\n` +
      // The sender shuts down its write side first, and the answer comes 2 s later: it must still come back through the bridge.
      `echo from-guest | timeout 60 ${SOCAT} -t 30 - TCP:127.0.0.1:4089\n` +
      `echo from-guest | timeout 60 ${SOCAT} -t 30 - TCP:127.0.0.1:4090\n` +
      `kill %1 %2`,
  );
  expect(out).toContain("vsock 4089 got from-guest\nvsock 4090 got from-guest\n");
}, 10 * 60_000);

it("still makes the tools' cgroup under the krun path's init, so tool limits apply", async () => {
  const out = await bash("cat /proc/self/cgroup");
  expect(out).toMatch(/^0::\/a3s-tools\/\S+/m);
}, 10 * 60_000);
