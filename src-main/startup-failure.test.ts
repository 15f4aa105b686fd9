// The app's report when its service cannot open, built from a real failed BoxService.open.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { BoxService } from "../runtime/service/box-service";
import { FileSecretStore } from "../runtime/service/secret-store";
import { startupFailureDialog } from "./startup-failure";

const stateDir = mkdtempSync(join(tmpdir(), "a3s-startup-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

it("names the problem, its code and the state folder when the service cannot open", async () => {
  writeFileSync(join(stateDir, "state.json"), "{ not json");
  const failure = await BoxService.open({ stateDir, secrets: new FileSecretStore(stateDir), host: "electron", version: "0.0.0" }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeDefined();
  const dialog = startupFailureDialog(failure, stateDir);
  expect(dialog.title).toBe("A3S Box could not start");
  expect(dialog.content).toContain(`${join(stateDir, "state.json")} is not valid JSON`);
  expect(dialog.content).toContain(`The app keeps its state in ${stateDir}`);
});

it("says what to check for a permission problem", () => {
  const denied = Object.assign(new Error("EACCES: permission denied, open '/s/state.json'"), { code: "EACCES" });
  const dialog = startupFailureDialog(denied, "/s");
  expect(dialog.content).toMatch(/^EACCES: permission denied, open '\/s\/state.json'\n\n/);
  expect(dialog.content).toContain("(PERMISSION_DENIED)");
  expect(dialog.content).toContain("check that your user may read and write /s");
});
