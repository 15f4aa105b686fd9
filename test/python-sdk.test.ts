// The Python SDK (sdk-python/) against the real agent process and the test model server:
// its own unittest suite runs here, so CI runs it. Needs Debian's /usr/bin/python3 with
// python3-grpcio and python3-protobuf, and protoc with grpc_python_plugin (.ci/run installs them).
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCodes } from "../common/errors";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { startModelControl, type ModelControl } from "./support/model-control";
import { childEnv } from "./helpers/child-env";

const PYTHON = "/usr/bin/python3";
const root = join(import.meta.dirname, "..");
const sdk = join(root, "sdk-python");
const TOKEN = "python-sdk-test-token";

let models: ModelServer;
let control: ModelControl;
let agent: AgentProcess;

beforeAll(async () => {
  models = await ModelServer.start();
  control = await startModelControl(models);
  agent = await startAgent({ env: models.env(), token: TOKEN });
});

afterAll(async () => {
  await agent?.stop();
  await control?.close();
  await models?.stop();
});

function python(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(PYTHON, args, {
    cwd: sdk,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...childEnv(), PYTHONDONTWRITEBYTECODE: "1", ...env },
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (part: string) => (output += part));
  child.stderr!.setEncoding("utf8").on("data", (part: string) => (output += part));
  return once(child, "exit").then(([code]) => ({ code: code as number | null, output }));
}

describe("the Python SDK", () => {
  it("passes its tests against the real agent", async () => {
    const { code, output } = await python(["-m", "unittest", "discover", "-v", "-s", "tests", "-t", "."], {
      A3S_SERVER_ADDRESS: agent.address,
      A3S_AGENT_TOKEN: TOKEN,
      A3S_TEST_WORKSPACE: agent.workspace,
      A3S_TEST_AGENT_PID: String(agent.process.pid),
      A3S_TEST_MODEL_CONTROL: control.url,
    });
    expect(output).not.toMatch(/skipped/);
    expect(output, output).toMatch(/^OK$/m);
    expect(code, output).toBe(0);
    expect(Number(/^Ran (\d+) tests? in/m.exec(output)?.[1])).toBeGreaterThanOrEqual(27);
  }, 240_000);

  it("has the TypeScript SDK's error codes", async () => {
    const { code, output } = await python(["-c", "import json; from a3s_box.errors import ALL_ERROR_CODES; print(json.dumps(sorted(ALL_ERROR_CODES)))"]);
    expect(code, output).toBe(0);
    expect(JSON.parse(output)).toEqual(Object.values(ErrorCodes).sort());
  });

  it("ships stubs that match proto/agent.proto (scripts/gen-proto-python.sh)", () => {
    const fresh = tempDir("a3s-pystubs-");
    try {
      execFileSync(join(root, "scripts/gen-proto-python.sh"), [fresh.path], { stdio: "pipe" });
      for (const file of ["agent_pb2.py", "agent_pb2_grpc.py"]) {
        const path = join("a3s_box", "_proto", file);
        expect(readFileSync(join(sdk, path), "utf8"), `${path} is stale: run scripts/gen-proto-python.sh`).toBe(readFileSync(join(fresh.path, path), "utf8"));
      }
    } finally {
      fresh.remove();
    }
  });
});
