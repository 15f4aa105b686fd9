import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { removeGuestConfig, shellAssignments, writeGuestConfig } from "./guest-config";

const dir = mkdtempSync(join(tmpdir(), "guest-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("writes values a POSIX shell reads back exactly, whatever they hold", () => {
  const values = { PLAIN: "abc", QUOTES: `it's "quoted" $HOME \`x\``, NEWLINE: "a\nb", EMPTY: "" };
  const script = `${shellAssignments(values)}printf '%s|' "$PLAIN" "$QUOTES" "$NEWLINE" "$EMPTY"`;
  expect(execFileSync("sh", ["-c", script], { encoding: "utf8" })).toBe(`abc|it's "quoted" $HOME \`x\`|a\nb||`);
});

it("refuses variable names and agent arguments init could misread", async () => {
  expect(() => shellAssignments({ "BAD NAME": "x" })).toThrow(/invalid environment variable name/);
  await expect(
    writeGuestConfig(join(dir, "bad"), { hostname: "h", agentPort: 1, agentArgs: ["--x", "a b"], stateShare: false, protectedPaths: [], agentEnv: {} }),
  ).rejects.toThrow(/characters init cannot pass on/);
});

it("removes the files once the guest has read them", async () => {
  const conf = join(dir, "conf");
  await writeGuestConfig(conf, { hostname: "box-1", agentPort: 4088, agentArgs: ["--token", "t0k"], stateShare: true, protectedPaths: [".git/config", ".git/hooks/"], agentEnv: { PATH: "/bin" } });
  const read = execFileSync("sh", ["-c", `. ${conf}/config.env; echo "$A3S_HOSTNAME $A3S_AGENT_PORT $A3S_AGENT_ARGS $A3S_STATE_SHARE"`], { encoding: "utf8" });
  expect(read).toBe("box-1 4088 --token t0k 1\n");
  await removeGuestConfig(conf);
  expect(existsSync(join(conf, "config.env")) || existsSync(join(conf, "agent.env"))).toBe(false);
});
