import { describe, expect, it } from "vitest";
import { agentConfigFromLabels, composeConfigs, imageConfig } from "./image-config";

describe("image config", () => {
  it("reads Env, Cmd, Entrypoint, WorkingDir, User and agent labels", () => {
    const config = imageConfig({
      config: {
        Env: ["PATH=/usr/bin", "LANG=C"],
        Entrypoint: ["/bin/sh", "-c"],
        Cmd: ["echo hi"],
        WorkingDir: "/srv",
        User: "app",
        Labels: { "box.a3s.agent.model.name": "claude", "box.a3s.agent.maxSteps": "20", "box.a3s.agent.permissions.ask": '["bash"]', other: "x" },
      },
    });
    expect(config).toMatchObject({ env: ["PATH=/usr/bin", "LANG=C"], entrypoint: ["/bin/sh", "-c"], cmd: ["echo hi"], workingDir: "/srv", user: "app" });
    expect(config.agent).toEqual({ model: { name: "claude" }, maxSteps: 20, permissions: { ask: ["bash"] } });
  });

  it("keeps text that only looks like JSON as text and refuses reserved keys", () => {
    expect(agentConfigFromLabels({ "box.a3s.agent.prompt": "[not json", "box.a3s.agent.flag": "true" })).toEqual({ prompt: "[not json", flag: true });
    expect(() => agentConfigFromLabels({ "box.a3s.agent.__proto__.x": "1" })).toThrow(/reserved/);
  });

  it("composes images: later ones override by variable name, label key and command", () => {
    const base = imageConfig({ config: { Env: ["PATH=/bin", "A=1"], Cmd: ["bash"], WorkingDir: "/app", Labels: { "box.a3s.agent.model": "a", keep: "1" } } });
    const agent = imageConfig({ config: { Env: ["PATH=/opt/agent/bin:/bin"], Labels: { "box.a3s.agent.model": "b" } } });
    const composed = composeConfigs([base, agent]);
    expect(composed.env).toEqual(["PATH=/opt/agent/bin:/bin", "A=1"]);
    expect(composed.cmd).toEqual(["bash"]);
    expect(composed.workingDir).toBe("/app");
    expect(composed.labels).toEqual({ "box.a3s.agent.model": "b", keep: "1" });
    expect(composed.agent).toEqual({ model: "b" });
  });
});
