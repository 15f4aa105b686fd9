// The store on real files: verified writes, and a lock that holds between processes.
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../../runtime/image";
import { sha256 } from "../support/oci-builder";

const run = promisify(execFile);
let work: string;
beforeAll(() => void (work = mkdtempSync(join(tmpdir(), "a3s-store-"))));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("stores a blob only when its digest and size match", async () => {
  const store = new ImageStore({ root: join(work, "blobs") });
  const data = Buffer.from("hello blob");
  async function* chunks() {
    yield data.subarray(0, 4);
    yield data.subarray(4);
  }
  expect(await store.writeBlob(chunks(), { digest: sha256(data), size: data.length })).toEqual({ digest: sha256(data), size: data.length });
  expect((await store.readBlob(sha256(data))).toString()).toBe("hello blob");
  await expect(store.writeBlob(Buffer.from("tampered!!"), { digest: sha256("other") })).rejects.toThrow(/failed verification/);
  await expect(store.writeBlob(data, { digest: sha256(data), size: 3 })).rejects.toThrow(/wrong size/);
  expect(readdirSync(store.blobsDir)).toEqual([sha256(data).slice(7)]);
  expect(readdirSync(store.tmpDir)).toEqual([]);
});

it("tells a missing blob from one that cannot be read", async () => {
  const store = new ImageStore({ root: join(work, "unreadable") });
  await expect(store.readBlob(sha256("absent"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  // A folder where the blob should be: reading fails with EISDIR, which is no "not in the store".
  mkdirSync(store.blobPath(sha256("odd")), { recursive: true });
  await expect(store.readBlob(sha256("odd"))).rejects.toMatchObject({ code: "IMAGE_ERROR", message: expect.stringMatching(/cannot be read.*EISDIR/) });
});

it("serialises two processes updating the index at once", async () => {
  const root = join(work, "shared");
  const worker = join(import.meta.dirname, "../support/store-worker.ts");
  const start = (name: string) => run(process.execPath, ["--import", "tsx", worker, root, name, "15"]);
  await Promise.all([start("one"), start("two")]);
  const refs = Object.keys(new ImageStore({ root }).readIndex().refs);
  expect(refs.length).toBe(30);
  expect(refs.filter((r) => r.includes("/one:")).length).toBe(15);
}, 180_000);

it("takes over a lock left stale by a crashed process", async () => {
  const root = join(work, "stale");
  mkdirSync(join(root, "store.lock"), { recursive: true });
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(root, "store.lock"), old, old);
  const store = new ImageStore({ root });
  await store.update((index) => void (index.refs["example.com/after:crash"] = sha256("x")));
  expect(store.readIndex().refs["example.com/after:crash"]).toBe(sha256("x"));
});

it("leaves an index it cannot read intact and says why, rather than starting an empty one", async () => {
  const root = join(work, "unreadable");
  const indexPath = join(root, "index.json");
  const store = new ImageStore({ root });
  await store.update((index) => void (index.refs["docker.io/library/kept:1"] = "sha256:" + "a".repeat(64)));
  // A read that fails for a reason other than "no such file": a symlink loop in its place (ELOOP).
  const saved = join(root, "index.saved");
  renameSync(indexPath, saved);
  symlinkSync("index.json", indexPath);
  expect(() => store.readIndex()).toThrow(/image store index .*index\.json cannot be read \(ELOOP/);
  await expect(store.update(() => undefined)).rejects.toThrow(/cannot be read/);
  expect(lstatSync(indexPath).isSymbolicLink()).toBe(true);
  rmSync(indexPath);
  renameSync(saved, indexPath);
  expect(Object.keys(store.readIndex().refs)).toEqual(["docker.io/library/kept:1"]);
});
