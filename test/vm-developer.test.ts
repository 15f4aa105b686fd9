// A box as a developer machine: the default image's tools, run by the agent's bash in the
// tools' namespace, on the workspace share. One boot serves every case here.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useBoxWithModels } from "./helpers/box-with-models";

const workspace = mkdtempSync(join(tmpdir(), "vm-dev-ws-"));
const setup = useBoxWithModels(workspace, { cleanup: () => rmSync(workspace, { recursive: true, force: true }) });
const bash = (...commands: string[]) => setup.bash(...commands);

it("resolves the working directory in the tools' namespace: /bin/pwd, Python, git, children", async () => {
  mkdirSync(join(workspace, "sub/dir"), { recursive: true });
  const [pwd, python, child, node, git] = await bash(
    "cd sub/dir && /bin/pwd",
    "cd sub && python3 -c 'import os; print(os.getcwd())'",
    "cd sub/dir && bash -c 'cd .. && /bin/pwd -P'",
    "cd sub/dir && node -e 'console.log(process.cwd())'",
    "git init -q repo && cd repo && git status --short --branch",
  );
  expect(pwd!.trim()).toBe("/workspace/sub/dir");
  expect(python!.trim()).toBe("/workspace/sub");
  expect(child!.trim()).toBe("/workspace/sub");
  expect(node!.trim()).toBe("/workspace/sub/dir");
  expect(git).toMatch(/^## No commits yet on \w+/m);
}, 10 * 60_000);

// /run/a3s exists only in the agent's mount namespace (/opt/a3s is mounted read-only into the tools' root on purpose: skills run from it).
it("keeps the working directory inside the tools' root: `..` from it never reaches the agent's files", async () => {
  const [escape] = await bash(
    `python3 -c "
import os
for _ in range(8): os.chdir('..')
print(sorted(os.listdir('.')) == sorted(os.listdir('/')), os.path.exists('run/a3s/tools.pid'))"`,
  );
  expect(escape!.trim()).toBe("True False");
}, 10 * 60_000);

it("lets git commit in the workspace, and the host sees the commits", async () => {
  const [commit] = await bash(
    [
      "git init -q -b main proj && cd proj",
      "git config user.email box@example.com && git config user.name Box",
      "echo one > a.txt && git add a.txt && git commit -qm first",
      "git checkout -qb feature && echo two >> a.txt && git diff --stat && git commit -qam second",
      "git branch --list && git log --oneline | wc -l",
    ].join(" && "),
  );
  expect(commit).toContain("1 file changed, 1 insertion(+)");
  expect(commit).toMatch(/^\* feature$/m);
  expect(commit).toMatch(/^\s+main$/m);
  const log = execFileSync("git", ["-C", join(workspace, "proj"), "log", "--format=%s", "feature"], { encoding: "utf8" });
  expect(log.trim().split("\n")).toEqual(["second", "first"]);
}, 10 * 60_000);

/** Writes files under the workspace (path → content). */
function project(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(workspace, path, ".."), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
}

it("has the developer tools on PATH, and a CA bundle that OpenSSL finds by default", async () => {
  const tools = "node npm npx make cc c++ gcc g++ pip pytest python awk curl wget jq rg file unzip zip xz ssh nc less ps patch";
  const [missing, cas] = await bash(
    `for t in ${tools}; do command -v $t >/dev/null || echo "missing $t"; done; echo checked`,
    `python3 -c "import ssl; print(ssl.create_default_context().cert_store_stats()['x509_ca'] > 100)"`,
  );
  expect(missing!.trim()).toBe("checked");
  expect(cas!.trim()).toBe("True");
}, 10 * 60_000);

it("runs a Node project's npm test, a Python project's pytest and a C build with make", async () => {
  project({
    "node-proj/package.json": JSON.stringify({ name: "node-proj", version: "1.0.0", scripts: { test: "node --test" } }),
    "node-proj/test/sum.test.js": "const test = require('node:test');\nconst assert = require('node:assert');\ntest('adds', () => assert.strictEqual(1 + 2, 3));\n",
    "py-proj/sum.py": "def add(a, b):\n    return a + b\n",
    "py-proj/test_sum.py": "from sum import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    "c-proj/hello.c": '#include <stdio.h>\nint main(void) { printf("hello from %s\\n", "cc"); return 0; }\n',
    "c-proj/Makefile": "hello: hello.c\n\t$(CC) -O2 -o $@ $<\n",
  });
  const [npm, pytest, make] = await bash(
    "cd node-proj && npm test 2>&1",
    "cd py-proj && python3 -m venv --system-site-packages --without-pip .venv && . .venv/bin/activate && pytest -q 2>&1",
    "cd c-proj && make && ./hello",
  );
  expect(npm).toMatch(/^# pass 1$/m);
  expect(npm).toMatch(/^# fail 0$/m);
  expect(pytest).toMatch(/1 passed/);
  expect(make).toContain("cc -O2 -o hello hello.c");
  expect(make).toMatch(/^hello from cc$/m);
}, 20 * 60_000);

it("keeps the workspace share coherent both ways: host edits are seen in the box (its tools and the app's file calls) at once, and box edits on the host", async () => {
  writeFileSync(join(workspace, "coherent.txt"), "from the host 1\n");
  const [first] = await bash("cat coherent.txt && ls coherent.txt");
  expect(first).toBe("from the host 1\ncoherent.txt");
  expect((await setup.box.client.readFile("coherent.txt")).content).toBe("from the host 1\n");
  // The same size and the same second: only a share without a guest cache sees this change.
  writeFileSync(join(workspace, "coherent.txt"), "from the host 2\n");
  mkdirSync(join(workspace, "made-on-host"));
  expect((await setup.box.client.readFile("coherent.txt")).content).toBe("from the host 2\n");
  const [second, listing] = await bash("cat coherent.txt", "ls -d made-on-host && echo 'from the box' >> coherent.txt");
  expect(second).toBe("from the host 2");
  expect(listing).toBe("made-on-host");
  expect(readFileSync(join(workspace, "coherent.txt"), "utf8")).toBe("from the host 2\nfrom the box\n");
  expect((await setup.box.client.readFile("coherent.txt")).content).toBe("from the host 2\nfrom the box\n");
  rmSync(join(workspace, "made-on-host"), { recursive: true });
  const [gone] = await bash("test -e made-on-host && echo still there || echo gone");
  expect(gone).toBe("gone");
  expect((await setup.box.client.listDir("")).map((entry) => entry.name)).not.toContain("made-on-host");
}, 10 * 60_000);
