// Attacks on the workspace share (virtio-fs where virtiofsd is installed, else 9p), made by
// root in a real box with the agent's bash tool: a file beside the workspace on the host must
// stay out of reach, and nothing the box makes in the share may act on the host as a device.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useBoxWithModels } from "../helpers/box-with-models";
import { SWAPPER } from "../helpers/swap-loop";

const parent = mkdtempSync(join(tmpdir(), "vm-share-attack-"));
const workspace = join(parent, "ws");
const secret = join(parent, "secret.txt");
const SECRET = "host secret 5b1d";
const setup = useBoxWithModels(workspace, {
  before: () => {
    writeFileSync(secret, `${SECRET}\n`);
    mkdirSync(workspace);
  },
  cleanup: () => rmSync(parent, { recursive: true, force: true }),
});
const bash = async (command: string) => (await setup.bash(command)).join("\n");

it("keeps a host file beside the workspace out of reach: .. walks, symlinks to / and to the host path, a folder swapped with a symlink under a reader", async () => {
  const reader = "import sys, time\nend = time.time() + 10\nreads = 0\nwhile time.time() < end:\n  for p in sys.argv[1:]:\n    reads += 1\n    try: print(open(p).read())\n    except OSError: pass\nprint('reads', reads)";
  const output = await bash(
    [
      "cd /workspace",
      `cat ../secret.txt ../../${secret} /workspace/../secret.txt 2>&1`,
      `ln -s ${secret} abs; ln -s ../secret.txt rel; ln -s / root; cat abs rel root${secret} 2>&1`,
      // renameat2(RENAME_EXCHANGE) swaps a folder and a symlink to / while another process reads through the name.
      // Bounded: a hung share would show as a missing "reads" line, not as a hung tool call.
      `mkdir swap && ln -s / link && timeout -s KILL 60 python3 -c '${SWAPPER}' swap link > /tmp/swaps 2>&1 & sleep 2; timeout -s KILL 60 python3 -c "${reader}" swap/../secret.txt swap${parent}/secret.txt swap/../../secret.txt; echo swaps $(tail -1 /tmp/swaps)`,
    ].join("\n"),
  );
  expect(output).toMatch(/reads \d+/);
  expect(output).not.toContain(SECRET);
  // The symlinks the box made are plain links in the host folder, followed by nobody there.
  expect(lstatSync(join(workspace, "abs")).isSymbolicLink()).toBe(true);
}, 10 * 60_000);

it("makes no device node in the host's workspace, even as the guest's root", async () => {
  const output = await bash("cd /workspace && mknod disk b 8 0; mknod null c 1 3; mkfifo fifo; ls -l");
  expect(output).toContain("fifo");
  const made = readdirSync(workspace).filter((name) => ["disk", "null"].includes(name));
  for (const name of made) {
    const stat = lstatSync(join(workspace, name));
    expect(stat.isBlockDevice() || stat.isCharacterDevice()).toBe(false);
  }
}, 10 * 60_000);
