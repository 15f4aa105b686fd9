import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BoxBoundary } from "../../common/box-api";
import { ErrorCodes } from "../../common/errors";
import { DEFAULT_PROTECTED_PATHS } from "../../common/protected-paths";
import { createBoxApiDispatcher } from "./box-api-schema";
import { BoxService, type BoxLauncher } from "./box-service";
import { FileSecretStore } from "./secret-store";

/** Records what the service asks for; boots nothing (the VM side is covered by test/vm-network.test.ts). */
class RecordingLauncher implements BoxLauncher {
  readonly boundaries: BoxBoundary[] = [];
  async launch(request: Parameters<BoxLauncher["launch"]>[0]): Promise<never> {
    this.boundaries.push(request.boundary);
    throw new Error("not booted in this test");
  }
}

let dir: string;
let launcher: RecordingLauncher;
let service: BoxService;
const open = () => BoxService.open({ stateDir: join(dir, "state"), secrets: new FileSecretStore(join(dir, "state")), host: "browser", version: "test", env: {}, launcher });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "a3s-boundary-"));
  launcher = new RecordingLauncher();
  service = await open();
});

afterEach(async () => {
  await service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("a box's reach, chosen in the UI", () => {
  it("defaults to the model only, with git's paths protected, and shows it", async () => {
    const box = await service.createBox({ workspace: dir });
    const expected = { network: "llm", allow: [], hostPorts: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS] };
    expect(box.boundary).toEqual(expected);
    await expect.poll(() => launcher.boundaries).toEqual([expected]);
  });

  it("passes an allow-list and host ports to the box, and keeps them across a restart", async () => {
    const call = createBoxApiDispatcher(service);
    const boundary = { network: "allow", allow: ["registry.npmjs.org", "*.pypi.org"], hostPorts: [11434] } as const;
    const box = (await call("createBox", [{ workspace: dir, boundary }])) as { id: string; boundary: BoxBoundary };
    expect(box.boundary).toEqual({ ...boundary, protectedPaths: [...DEFAULT_PROTECTED_PATHS] });
    await expect.poll(() => launcher.boundaries.length).toBe(1);
    expect(launcher.boundaries[0]).toEqual(box.boundary);

    await service.dispose();
    service = await open();
    expect((await service.listBoxes()).map((b) => b.boundary)).toEqual([box.boundary]);
    await expect.poll(() => launcher.boundaries.length).toBe(2);
    expect(launcher.boundaries[1]).toEqual(box.boundary);
  });

  it.each<[string, unknown, RegExp]>([
    ["an allow-list without hosts", { network: "allow" }, /allow/],
    ["a raw IP on the allow-list", { network: "allow", allow: ["10.0.0.1"] }, /10\.0\.0\.1/],
    ["host ports without a network", { network: "none", hostPorts: [5432] }, /hostPorts need a network/],
    ["a protected path that climbs out", { protectedPaths: ["../.bashrc"] }, /protectedPaths/],
    ["an unknown network", { network: "host" }, /network/],
    ["a port out of range", { hostPorts: [70000] }, /hostPorts/],
    ["an unknown field", { network: "full", privileged: true }, /privileged/],
  ])("refuses %s with a clear error and keeps nothing", async (_name, boundary, message) => {
    const call = createBoxApiDispatcher(service);
    const error = await call("createBox", [{ workspace: dir, boundary }]).then(() => undefined, (e: unknown) => e as { code: string; message: string });
    expect(error?.code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect(error?.message).toMatch(message);
    expect(await service.listBoxes()).toEqual([]);
    expect(launcher.boundaries).toEqual([]);
  });
});
