import { describe, expect, it } from "vitest";
import { BOX_API_METHODS } from "../../common/box-api";
import { BOX_API_ARGS, createBoxApiDispatcher } from "./box-api-schema";
import type { BoxApi } from "../../common/box-api";

/** Records what reaches the API, so the test sees exactly what validation let through. */
function recordingApi(calls: Array<[string, unknown[]]>): BoxApi {
  return new Proxy({} as BoxApi, {
    get: (_t, method: string) => async (...args: unknown[]) => {
      calls.push([method, args]);
      return "ok";
    },
  });
}

describe("createBoxApiDispatcher", () => {
  it("has a validator for every BoxApi method and nothing else", () => {
    expect(Object.keys(BOX_API_ARGS).sort()).toEqual([...BOX_API_METHODS].sort());
  });

  it("passes valid calls through", async () => {
    const calls: Array<[string, unknown[]]> = [];
    const dispatch = createBoxApiDispatcher(recordingApi(calls));
    await expect(dispatch("respondToApproval", ["s1", "r1", { decision: "allow", remember: "session" }])).resolves.toBe("ok");
    expect(calls).toEqual([["respondToApproval", ["s1", "r1", { decision: "allow", remember: "session" }]]]);
  });

  it("refuses unknown methods, prototype names and bad arguments before they reach the API", async () => {
    const calls: Array<[string, unknown[]]> = [];
    const dispatch = createBoxApiDispatcher(recordingApi(calls));
    await expect(dispatch("onEvent", [])).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: 'unknown BoxApi method: "onEvent"' });
    await expect(dispatch("constructor", [])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(dispatch("send", ["s1"])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(dispatch("send", ["s1", ""])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(dispatch("setPolicy", ["s1", { allow: ["bash"], extra: true }])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(dispatch("respondToApproval", ["s1", "r1", { decision: "maybe" }])).rejects.toMatchObject({
      message: expect.stringContaining("decision"),
    });
    await expect(dispatch("updateSettings", [{ providerBaseUrls: { openai: "javascript:alert(1)" } }])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(dispatch("listBoxes", "not an array")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(calls).toEqual([]);
  });

  it("lets through only a build or a pull by a registry reference for the guest, and nothing for status and cancel", async () => {
    const calls: Array<[string, unknown[]]> = [];
    const dispatch = createBoxApiDispatcher(recordingApi(calls));
    await expect(dispatch("prepareGuest", [{ source: "build" }])).resolves.toBe("ok");
    await expect(dispatch("prepareGuest", [{ source: "pull", ref: `registry.example:5000/a3s/guest@sha256:${"ab".repeat(32)}` }])).resolves.toBe("ok");
    expect(calls.map(([method]) => method)).toEqual(["prepareGuest", "prepareGuest"]);
    calls.length = 0;
    for (const bad of [
      [],
      [{ source: "copy", path: "/etc" }],
      [{ source: "build", ref: "x/y:z" }],
      [{ source: "pull" }],
      [{ source: "pull", ref: "" }],
      [{ source: "pull", ref: "file:///etc/passwd" }],
      [{ source: "pull", ref: "-x/--insecure" }],
      [{ source: "pull", ref: `r/${"a".repeat(600)}` }],
      [{ source: "pull", ref: "r/g:x", insecure: ["evil.example"] }],
    ]) {
      await expect(dispatch("prepareGuest", bad), JSON.stringify(bad).slice(0, 80)).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("prepareGuest") });
    }
    await expect(dispatch("getGuestStatus", [1])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(dispatch("cancelGuestPrepare", ["now"])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(calls).toEqual([]);
  });
});
