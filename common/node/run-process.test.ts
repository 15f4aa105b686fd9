import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProcess } from "./run-process";

const cwd = tmpdir();

describe("runProcess", () => {
  it("feeds stdin and keeps stdout, stderr and the exit code apart", async () => {
    const out = await runProcess({ file: "sh", args: ["-c", "cat; echo oops >&2; exit 3"], cwd, input: "hello", timeoutMs: 10_000 });
    expect(out).toEqual({ stdout: "hello", stderr: "oops\n", exitCode: 3 });
  });

  it("gives a program without input /dev/null, so bash does not take itself for rshd's and source ~/.bashrc", async () => {
    const home = mkdtempSync(join(tmpdir(), "a3s-home-"));
    try {
      writeFileSync(join(home, ".bashrc"), `touch ${join(home, "sourced")}\n`);
      const out = await runProcess({ file: "bash", args: ["-c", "cat; echo done"], cwd, env: { PATH: process.env.PATH, HOME: home }, timeoutMs: 10_000 });
      expect(out).toMatchObject({ stdout: "done\n", exitCode: 0 });
      expect(existsSync(join(home, "sourced"))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("kills the whole process group on timeout", async () => {
    const started = Date.now();
    const out = await runProcess({ file: "sh", args: ["-c", "sleep 30 & sleep 30"], cwd, input: "", timeoutMs: 100 });
    expect(out.stoppedBy).toBe("timeout");
    expect(out.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops when the signal aborts", async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const out = await runProcess({ file: "sleep", args: ["30"], cwd, input: "", timeoutMs: 10_000, signal: abort.signal });
    expect(out.stoppedBy).toBe("cancel");
  });

  it("caps output with a marker", async () => {
    const out = await runProcess({ file: "sh", args: ["-c", "printf 1234567890"], cwd, input: "", timeoutMs: 10_000, maxOutputChars: 4 });
    expect(out.stdout).toBe("1234\n… [output truncated: 6 more characters not shown]");
  });

  it("keeps the agent's secrets from the program by default", async () => {
    // In a box the base URLs carry the box's gateway token in their path.
    const secrets = {
      ANTHROPIC_API_KEY: "sk-ant-secret", OPENAI_API_KEY: "sk-secret", A3S_AGENT_TOKEN: "agent-token",
      ANTHROPIC_BASE_URL: "http://10.0.2.100/gateway-token-1/anthropic", OLLAMA_HOST: "http://10.0.2.100/gateway-token-2/ollama",
    };
    Object.assign(process.env, secrets);
    try {
      const out = await runProcess({ file: "sh", args: ["-c", "env"], cwd, input: "", timeoutMs: 10_000 });
      for (const [name, value] of Object.entries(secrets)) {
        expect(out.stdout).not.toContain(name);
        expect(out.stdout).not.toContain(value);
      }
      expect(out.stdout).toContain("PATH=");
    } finally {
      for (const name of Object.keys(secrets)) delete process.env[name];
    }
  });

  it("merges stderr into stdout under one cap and one marker", async () => {
    const out = await runProcess({ file: "sh", args: ["-c", "printf abcdefgh >&2"], cwd, timeoutMs: 10_000, maxOutputChars: 6, mergeOutput: true });
    expect(out.stdout).toBe("abcdef\n… [output truncated: 2 more characters not shown]");
    expect(out.stderr).toBe("");
  });

  it("rejects with the program's name when it cannot start", async () => {
    await expect(runProcess({ file: "/no/such/program", cwd, input: "", timeoutMs: 1000 })).rejects.toThrow("cannot run /no/such/program");
  });
});
